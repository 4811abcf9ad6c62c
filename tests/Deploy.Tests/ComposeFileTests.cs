using GalaxyActors.Hosting;

namespace GalaxyActors.Deploy.Tests;

/// <summary>docker-compose.yml against what `galaxy seed` and `galaxy-node` read, serve and need.</summary>
public sealed class ComposeFileTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load();

    public static TheoryData<string> Services() => ["seed", "worker"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Node_is_configured_only_through_GALAXY_variables_the_program_reads(string service)
    {
        var environment = Compose[service].Environment;
        Assert.NotEmpty(environment);
        Assert.All(environment.Keys, k => Assert.StartsWith(GalaxyVariables.Prefix, k));
        GalaxyVariables.AssertReadable(environment, $"{ComposeFile.FileName} service {service}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Stop_grace_period_outlasts_the_node_shutdown_timeout(string service)
    {
        var node = Compose[service];
        var options = GalaxyVariables.Bind(node.Environment);
        Assert.Equal(TimeSpan.FromSeconds(45), node.StopGracePeriod);
        Assert.True(node.StopGracePeriod > options.ShutdownTimeout,
            $"{service}: stop_grace_period {node.StopGracePeriod} must exceed the node's shutdown timeout {options.ShutdownTimeout}, or Docker kills it mid-hand-over");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Node_mounts_data_read_only_and_results_and_restarts_on_failure(string service)
    {
        var node = Compose[service];
        Assert.Contains("./data:/data:ro", node.Volumes);
        Assert.Contains("./results:/results", node.Volumes);
        Assert.Equal("on-failure", node.Restart);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Healthcheck_asks_the_readiness_endpoint_on_the_node_health_port(string service)
    {
        var node = Compose[service];
        var options = GalaxyVariables.Bind(node.Environment);
        Assert.NotNull(options.HealthPort);
        var test = node.HealthcheckTest;
        Assert.Equal("CMD", test[0]);
        var url = new Uri(Assert.Single(test, a => a.StartsWith("http://", StringComparison.Ordinal)));
        Assert.True(url.IsLoopback, $"{url}: the healthcheck runs inside the container");
        Assert.Equal(options.HealthPort, url.Port);
        Assert.Equal(GalaxyHealthEndpoint.ReadyPath, url.AbsolutePath);
    }

    [Fact]
    public void Seed_advertises_its_service_hostname_on_a_fixed_port()
    {
        var seed = Compose["seed"];
        var options = GalaxyVariables.Bind(seed.Environment);
        Assert.Equal("seed", seed.Hostname);
        Assert.Equal(seed.Hostname, options.EffectivePublicHostname);
        Assert.Equal(4053, options.Port);
        Assert.Equal(["seed"], seed.Command);
    }

    [Fact]
    public void Workers_join_the_seed_service_and_each_replica_advertises_its_own_hostname()
    {
        var worker = Compose["worker"];
        var seed = GalaxyVariables.Bind(Compose["seed"].Environment);
        var options = GalaxyVariables.Bind(worker.Environment);

        Assert.Equal([$"{Compose["seed"].Hostname}:{seed.Port}"], options.SeedNodes);
        // One definition for every replica of --scale: no fixed public hostname, bound to all interfaces, so each
        // container advertises its own hostname (GalaxyClusterOptions.EffectivePublicHostname's wildcard rule).
        Assert.Null(worker.Hostname);
        Assert.Null(options.PublicHostname);
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(System.Net.Dns.GetHostName(), options.EffectivePublicHostname);
        Assert.Equal("service_healthy", worker.Node.Str("depends_on.seed.condition"));
    }

    [Fact]
    public void Programs_named_by_the_services_are_the_ones_the_Dockerfile_publishes_into_app()
    {
        var dockerfile = RepositoryFiles.Read("Dockerfile");
        Assert.Contains("-o /app", dockerfile);
        Assert.Contains("ENTRYPOINT [\"/app/galaxy\"]", dockerfile);
        Assert.Contains("dotnet publish src/Seed/Seed.csproj", dockerfile);
        Assert.Contains("dotnet publish src/Node/Node.csproj", dockerfile);
        Assert.Contains("<AssemblyName>galaxy</AssemblyName>", RepositoryFiles.Read("src/Seed/Seed.csproj"));
        Assert.Contains("<AssemblyName>galaxy-node</AssemblyName>", RepositoryFiles.Read("src/Node/Node.csproj"));
        Assert.Equal(["/app/galaxy-node"], Compose["worker"].Entrypoint);
    }
}
