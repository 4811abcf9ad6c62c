using Akka.Actor;
using Akka.Hosting;
using GalaxyActors.Messages.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Messages.Tests;

/// <summary>A local ActorSystem configured the way the nodes configure serialization: ours bound, strict mode on.</summary>
public sealed class SerializationSystemFixture : IAsyncLifetime
{
    private IHost? _host;

    public ActorSystem System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("serialization-tests", builder => builder
                .AddGalaxySerialization()
                .WithStrictSerialization()))
            .Build();
        await _host.StartAsync();
        System = _host.Services.GetRequiredService<ActorSystem>();
    }

    public async Task DisposeAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
    }
}
