using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using GalaxyActors.Hosting.Coordination;
using GalaxyActors.Hosting.Workers;
using GalaxyActors.Messages.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace GalaxyActors.Hosting;

/// <summary>
/// Builds and starts the two kinds of node as generic hosts. Several can run in one process (a seed and N workers
/// on loopback with port 0, for <c>galaxy run</c>); each host owns one ActorSystem. Stopping a host runs
/// CoordinatedShutdown (leave the cluster, hand over shards and the singleton); SIGTERM/Ctrl+C stop it.
/// </summary>
public static class GalaxyHosts
{
    /// <summary>
    /// Default host shutdown budget (<see cref="GalaxyClusterOptions.ShutdownTimeout"/>): above CoordinatedShutdown's,
    /// below the container's grace period (STYLE.md: Kubernetes 60 s > host 45 s > CoordinatedShutdown).
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

    /// <summary>A worker node: role <c>worker</c>, hosting the shard region of slice entities.</summary>
    public static IHostBuilder CreateWorkerHostBuilder(GalaxyClusterOptions options) =>
        CreateHostBuilder(options, GalaxyRoles.Worker, (builder, roles) => builder.WithGalaxySliceRegion(roles));

    /// <summary>
    /// A seed node: role <c>seed</c>, hosting the <see cref="JobCoordinator"/> singleton, a proxy to the slice shard
    /// region (or the region itself when the options add the <c>worker</c> role) and the cluster-client receptionist
    /// with the coordinator registered at <see cref="GalaxyNames.CoordinatorServicePath"/>.
    /// </summary>
    /// <param name="jobRunner">Makes the actor that runs a job; null: the coordinator rejects submissions.</param>
    /// <param name="validateInput">Rejects a job whose input cannot be used at submission (null: no check).</param>
    public static IHostBuilder CreateSeedHostBuilder(GalaxyClusterOptions options, JobRunnerFactory? jobRunner = null, JobInputValidator? validateInput = null)
    {
        // Read once, now: a secret file that cannot be read stops the seed at start with one line, not its singleton later.
        var submitSecret = options.ResolveSubmitSecret();
        var roots = options.ResolvePathRoots();
        return CreateHostBuilder(options, GalaxyRoles.Seed, (builder, roles) => builder
            .WithGalaxySliceRegion(roles)
            .WithSingleton<JobCoordinatorProxy>(
                GalaxyNames.CoordinatorSingletonName,
                (_, registry, _) => JobCoordinator.PropsFor(registry.Get<SliceRegion>(), jobRunner, options.MaxQueuedJobs, validateInput, submitSecret, roots),
                new ClusterSingletonOptions { Role = GalaxyRoles.Seed },
                createProxyToo: true)
            .WithClusterClientReceptionist(GalaxyNames.ReceptionistName, GalaxyRoles.Seed)
            .AddStartup((system, registry) =>
                ClusterClientReceptionist.Get(system).RegisterService(registry.Get<JobCoordinatorProxy>())));
    }

    /// <summary>
    /// An outside program's host (not a cluster member): a cluster client to the seed nodes in
    /// <see cref="GalaxyClusterOptions.SeedNodes"/>, registered as <see cref="CoordinatorClient"/>.
    /// </summary>
    public static IHostBuilder CreateClientHostBuilder(GalaxyClusterOptions options)
    {
        options = options.Clone();
        // Read the certificate files now: a missing or unreadable one is one line at start, not a failure inside Akka.
        _ = Security.GalaxyTls.Load(options);
        return new HostBuilder().ConfigureServices(services =>
        {
            services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
            services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            services.AddSerilog(dispose: false);
            services.AddAkka(options.SystemName + "-client", builder => builder.ConfigureGalaxyClient(options));
        });
    }

    /// <summary>Starts an outside program's host (see <see cref="CreateClientHostBuilder"/>); it does not wait for the cluster.</summary>
    public static async Task<IHost> StartClientAsync(GalaxyClusterOptions options, CancellationToken cancellationToken = default)
    {
        var host = CreateClientHostBuilder(options).Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Starts a worker node and waits until it is an Up member of the cluster.</summary>
    /// <exception cref="ClusterJoinException">The cluster could not be joined within <see cref="GalaxyClusterOptions.JoinTimeout"/>.</exception>
    public static Task<IHost> StartWorkerAsync(GalaxyClusterOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(CreateWorkerHostBuilder(options), options, cancellationToken);

    /// <summary>Starts a seed node and waits until it is an Up member of the cluster.</summary>
    /// <exception cref="ClusterJoinException">The cluster could not be joined within <see cref="GalaxyClusterOptions.JoinTimeout"/>.</exception>
    public static Task<IHost> StartSeedAsync(GalaxyClusterOptions options, JobRunnerFactory? jobRunner = null, CancellationToken cancellationToken = default,
        JobInputValidator? validateInput = null) =>
        StartAsync(CreateSeedHostBuilder(options, jobRunner, validateInput), options, cancellationToken);

    /// <summary>
    /// A seed node that runs jobs: <see cref="JobRunner"/>s with <paramref name="settings"/> (defaults when null) and
    /// the input check of <see cref="JobInputCheck"/> at submission. What <c>galaxy seed</c> and <c>galaxy run</c> start.
    /// </summary>
    public static Task<IHost> StartJobSeedAsync(GalaxyClusterOptions options, JobRunnerSettings? settings = null, CancellationToken cancellationToken = default) =>
        StartSeedAsync(options, JobRunner.Factory(settings ?? new JobRunnerSettings()), cancellationToken, JobInputCheck.Problem);

    /// <summary>
    /// Waits until <paramref name="host"/>'s slice region (or proxy) has registered with the shard coordinator and sees
    /// at least <paramref name="workers"/> worker regions. Members being Up is not enough: until then, slice messages
    /// wait in the region's buffer. Used before the first job of a freshly started in-process cluster.
    /// </summary>
    /// <exception cref="TimeoutException">Not within <paramref name="limit"/>.</exception>
    public static async Task WaitForWorkerRegionsAsync(IHost host, int workers, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var region = host.Services.GetRequiredService<ActorRegistry>().Get<SliceRegion>();
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(5), cancellationToken);
                if (regions.Regions.Count >= workers) return;
            }
            catch (AskTimeoutException)
            {
            }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"the slice region did not see {workers} worker region(s) within {limit.TotalSeconds:0} s");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>
    /// A node never starts on a fixed port another process holds: the transport's own bind allows address reuse, so a
    /// second seed on a taken port would start, both would listen, and submits would reach whichever the kernel picks.
    /// Checked with an exclusive bind just before the transport binds (port 0 picks a free port and needs no check).
    /// </summary>
    /// <exception cref="ClusterJoinException">The port is in use.</exception>
    public static void EnsurePortFree(GalaxyClusterOptions options)
    {
        if (options.Port == 0) return;
        var address = options.Host is "0.0.0.0" or "*" ? System.Net.IPAddress.Any
            : options.Host is "::" or "[::]" ? System.Net.IPAddress.IPv6Any
            : System.Net.IPAddress.TryParse(options.Host, out var parsed) ? parsed : null;
        if (address is null) return; // a host name: the transport resolves it and reports its own bind failure
        using var probe = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            probe.ExclusiveAddressUse = true;
            probe.Bind(new System.Net.IPEndPoint(address, options.Port));
            probe.Listen(1);
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode is System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AccessDenied)
        {
            throw new ClusterJoinException($"port {options.Port} on {options.Host} is in use by another process (another galaxy seed or node?): stop it or choose another --port");
        }
    }

    /// <summary>The node's own cluster address (with the real port when it was started with port 0).</summary>
    public static Address AddressOf(IHost host) => Cluster.Get(host.Services.GetRequiredService<ActorSystem>()).SelfAddress;

    /// <summary>The node's address as <c>host:port</c>, the form <see cref="GalaxyClusterOptions.SeedNodes"/> takes.</summary>
    public static string SeedNodeOf(IHost host)
    {
        var address = AddressOf(host);
        return $"{address.Host}:{address.Port}";
    }

    /// <summary>
    /// The process exit code after the host stopped: 0 when it was asked to stop (SIGTERM, Ctrl+C, StopAsync),
    /// 1 when the cluster removed it (downed by the split-brain resolver, or made to leave).
    /// </summary>
    public static int ExitCodeOf(IHost host)
    {
        var reason = CoordinatedShutdown.Get(host.Services.GetRequiredService<ActorSystem>()).ShutdownReason;
        return reason is null or CoordinatedShutdown.ClrExitReason ? 0 : 1;
    }

    /// <summary>
    /// The slice shard region when this node has the worker role, else a proxy to the workers' regions. Both are
    /// registered as <see cref="SliceRegion"/>. Entities passivate only when told (<c>ReleaseSlice</c>): an idle
    /// timeout could stop a slice that still holds features a later phase needs.
    /// </summary>
    private static AkkaConfigurationBuilder WithGalaxySliceRegion(this AkkaConfigurationBuilder builder, IReadOnlyList<string> roles) =>
        roles.Contains(GalaxyRoles.Worker)
            ? builder.WithShardRegion<SliceRegion>(GalaxyNames.SliceTypeName, SliceActor.PropsFor, new SliceMessageExtractor(),
                new ShardOptions
                {
                    Role = GalaxyRoles.Worker,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    ShouldPassivateIdleEntities = false,
                })
            : builder.WithShardRegionProxy<SliceRegion>(GalaxyNames.SliceTypeName, GalaxyRoles.Worker, new SliceMessageExtractor());

    private static IHostBuilder CreateHostBuilder(GalaxyClusterOptions options, string role,
        Action<AkkaConfigurationBuilder, IReadOnlyList<string>> configureRole)
    {
        options = options.Clone();
        // Read the certificate files now: a missing or unreadable one is one line at start, not a failure inside Akka.
        _ = Security.GalaxyTls.Load(options);
        var roles = GalaxyClusterSetup.RolesOf(options, role);
        return new HostBuilder().ConfigureServices(services =>
        {
            services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
            services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            services.AddSerilog(dispose: false); // Microsoft.Extensions.Logging -> the process Serilog logger
            services.AddAkka(options.SystemName, builder =>
            {
                builder.ConfigureGalaxyCluster(options, role);
                builder.WithGalaxyHealthChecks();
                configureRole(builder, roles);
            });
        }).UseGalaxyHealthEndpoint(options);
    }

    private static async Task<IHost> StartAsync(IHostBuilder hostBuilder, GalaxyClusterOptions options, CancellationToken cancellationToken)
    {
        EnsurePortFree(options);
        var host = hostBuilder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            var system = host.Services.GetRequiredService<ActorSystem>();
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            var finished = await Task.WhenAny(up.Task, Task.Delay(options.JoinTimeout, cancellationToken), system.WhenTerminated);
            if (finished != up.Task)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var seeds = options.SeedNodes.Count == 0 ? "itself" : string.Join(", ", options.SeedNodes);
                throw new ClusterJoinException(
                    $"node {options.EffectivePublicHostname}:{options.Port} could not join the cluster via {seeds} within {options.JoinTimeout.TotalSeconds:0} s: is the seed node running and reachable?");
            }
            return host;
        }
        catch
        {
            using var stopping = new CancellationTokenSource(options.ShutdownTimeout);
            try { await host.StopAsync(stopping.Token); } catch (OperationCanceledException) { }
            host.Dispose();
            throw;
        }
    }
}
