using System.Net;
using System.Net.Sockets;
using GalaxyActors.Core;
using GalaxyActors.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>The HTTP health endpoint Kubernetes probes and the compose healthcheck ask (GalaxyClusterOptions.HealthPort).</summary>
[Collection("cluster")]
public sealed class HealthEndpointSpec
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static GalaxyClusterOptions Options(int healthPort) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        LogLevel = "Warning",
        JoinTimeout = TimeSpan.FromSeconds(30),
        HealthPort = healthPort,
    };

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(int port, string path)
    {
        using var response = await Http.GetAsync($"http://127.0.0.1:{port}{path}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Seed_that_is_up_answers_healthy_on_liveness_and_readiness()
    {
        int port = FreePort();
        using var seed = await GalaxyHosts.StartSeedAsync(Options(port));
        try
        {
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(port, GalaxyHealthEndpoint.LivePath));
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(port, GalaxyHealthEndpoint.ReadyPath));
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(port, "/")).Status);
        }
        finally
        {
            await seed.StopAsync();
        }
    }

    [Fact]
    public async Task Worker_that_cannot_reach_its_seed_is_alive_but_not_ready()
    {
        int port = FreePort();
        var options = Options(port);
        options.SeedNodes = [$"127.0.0.1:{FreePort()}"]; // nobody listens there: the node never joins
        using var worker = GalaxyHosts.CreateWorkerHostBuilder(options).Build();
        await worker.StartAsync(); // the host only, without waiting to become a member
        try
        {
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(port, GalaxyHealthEndpoint.LivePath));
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(port, GalaxyHealthEndpoint.ReadyPath));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task Node_without_a_health_port_serves_no_endpoint()
    {
        int port = FreePort();
        var options = Options(port);
        options.HealthPort = null;
        using var seed = await GalaxyHosts.StartSeedAsync(options);
        try
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(port, GalaxyHealthEndpoint.LivePath));
        }
        finally
        {
            await seed.StopAsync();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void Health_port_out_of_range_is_a_user_error_naming_the_variable(int healthPort)
    {
        var error = Assert.Throws<InvalidInputException>(new GalaxyClusterOptions { HealthPort = healthPort }.Validate);
        Assert.Contains("GALAXY__HEALTHPORT", error.Message);
    }

    [Fact]
    public void Health_port_equal_to_the_remoting_port_is_a_user_error()
    {
        var error = Assert.Throws<InvalidInputException>(new GalaxyClusterOptions { Port = 4053, HealthPort = 4053 }.Validate);
        Assert.Contains("GALAXY__HEALTHPORT", error.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
