using GalaxyActors.Core;

namespace GalaxyActors.Hosting;

/// <summary>
/// Node settings, bound from the configuration section <c>Galaxy</c> (appsettings.json, then environment variables
/// <c>GALAXY__HOST</c>, <c>GALAXY__SEEDNODES__0</c>, ... which win; the CLI's flags win over both). The keys are
/// documented in docs/CONFIGURATION.md. Settings that must be identical on every node (frame size, serializer, SBR,
/// shard count) are deliberately NOT here: they are constants of <see cref="GalaxyClusterSetup"/>.
/// </summary>
public sealed class GalaxyClusterOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Galaxy";

    /// <summary>ActorSystem name; all members of a cluster share it.</summary>
    public string SystemName { get; set; } = GalaxyNames.DefaultSystemName;

    /// <summary>Address the node binds to (0.0.0.0 in containers).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// Address other nodes reach this one at. Defaults to <see cref="Host"/>, or to the machine name when Host is a
    /// wildcard (a node bound to 0.0.0.0 would otherwise advertise 0.0.0.0 and be unreachable).
    /// </summary>
    public string? PublicHostname { get; set; }

    /// <summary>TCP port; 0 picks a free one (workers, and in-process clusters).</summary>
    public int Port { get; set; }

    /// <summary>Seed nodes as <c>host:port</c> (or full <c>akka.tcp://system@host:port</c>). Empty: the node forms a cluster by joining itself.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>Roles in addition to the one the host adds (e.g. "worker" on a seed for a single-machine cluster).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Minimum log level: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>Threads of <see cref="GalaxyDispatchers.Compute"/> (blocking compute); keep it below the core count.</summary>
    public int ComputeThreads { get; set; } = 1;

    /// <summary>
    /// The shared secret a submission must carry (Spark's <c>spark.authenticate</c> in spirit). On a seed: set, the
    /// coordinator refuses every job without it; unset, anyone who reaches the port may submit (a laptop's loopback
    /// cluster). On `galaxy submit`: the secret sent. Prefer <see cref="SubmitSecretFile"/> (a Kubernetes Secret mount)
    /// over the environment.
    /// </summary>
    public string? SubmitSecret { get; set; }

    /// <summary>A file holding <see cref="SubmitSecret"/> (its first line), e.g. a mounted Kubernetes Secret.</summary>
    public string? SubmitSecretFile { get; set; }

    /// <summary>The submit secret, from <see cref="SubmitSecret"/> or <see cref="SubmitSecretFile"/>; null when neither is set.</summary>
    /// <exception cref="Core.InvalidInputException">Both are set, the file cannot be read, or the secret is empty.</exception>
    public string? ResolveSubmitSecret()
    {
        if (SubmitSecret is not null && SubmitSecretFile is not null)
            throw new Core.InvalidInputException("Galaxy:SubmitSecret and Galaxy:SubmitSecretFile (GALAXY__SUBMITSECRET, GALAXY__SUBMITSECRETFILE) are both set; set one");
        string? secret = SubmitSecret;
        if (SubmitSecretFile is { } file)
        {
            try
            {
                secret = File.ReadLines(file).FirstOrDefault() ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Core.InvalidInputException($"Galaxy:SubmitSecretFile (GALAXY__SUBMITSECRETFILE) {file}: cannot be read ({e.GetType().Name})");
            }
        }
        if (secret is not null && secret.Trim().Length == 0)
            throw new Core.InvalidInputException("the submit secret (GALAXY__SUBMITSECRET or the file GALAXY__SUBMITSECRETFILE names) is empty");
        return secret?.Trim();
    }

    /// <summary>
    /// Folders a job may read (its images, feature store, labels file, model), separated by ':' like PATH; on a seed.
    /// Unset: the node's current folder. Compose and deploy/k8s set it to the mounted data volume. See <see cref="Security.PathRoots"/>.
    /// </summary>
    public string? DataRoots { get; set; }

    /// <summary>Folders a job may write its results under (<c>--out</c>), separated by ':'; unset: the node's current folder.</summary>
    public string? ResultRoots { get; set; }

    /// <summary>The confinement of jobs' paths these options configure.</summary>
    public Security.PathRoots ResolvePathRoots() => Security.PathRoots.Parse(DataRoots, ResultRoots);

    /// <summary>
    /// This node's (or `galaxy submit`'s) certificate, PEM (a Kubernetes TLS Secret's tls.crt). With
    /// <see cref="TlsKeyFile"/> and <see cref="TlsCaFile"/> it turns on mutual TLS for remoting; all unset: plain TCP.
    /// See <see cref="Security.GalaxyTls"/>.
    /// </summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>The private key of <see cref="TlsCertificateFile"/>, PEM, unencrypted (tls.key).</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>The cluster's certificate authority, PEM (ca.crt): a peer is accepted only if its certificate chains to it.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Jobs the coordinator holds (running + queued) before it rejects new submissions.</summary>
    public int MaxQueuedJobs { get; set; } = 16;

    /// <summary>How long StartSeedAsync/StartWorkerAsync wait for the node to become an Up member.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Serialize every message, even local ones (akka.actor.serialize-messages). For tests: it proves each message
    /// would cross the wire. Costly; off in production. Turns strict serialization OFF: Akka's own local-only
    /// messages have no serializer binding and would fail under both switches.
    /// </summary>
    public bool SerializeAllMessages { get; set; }

    /// <summary>
    /// TCP port of the HTTP health endpoint (<see cref="GalaxyHealthEndpoint.LivePath"/>,
    /// <see cref="GalaxyHealthEndpoint.ReadyPath"/>) for container and Kubernetes probes. Unset: no endpoint (local
    /// runs, and several nodes in one process, which could not share a port).
    /// </summary>
    public int? HealthPort { get; set; }

    /// <summary>
    /// How long a stopping node may take: the generic host's shutdown timeout, within which CoordinatedShutdown leaves
    /// the cluster and hands over shards and the singleton. Keep it below the container's grace period (docker
    /// compose <c>stop_grace_period</c>, Kubernetes <c>terminationGracePeriodSeconds</c>), or the node is killed mid-hand-over.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = GalaxyHosts.ShutdownTimeout;

    /// <summary>The hostname this node advertises (see <see cref="PublicHostname"/>).</summary>
    public string EffectivePublicHostname =>
        !string.IsNullOrWhiteSpace(PublicHostname) ? PublicHostname
        : Host is "0.0.0.0" or "::" or "[::]" or "*" ? System.Net.Dns.GetHostName()
        : Host;

    /// <summary>Whether any TLS file is set: remoting then speaks <c>akka.ssl.tcp</c> (and <see cref="Validate"/> insists on all three).</summary>
    public bool UsesTls => !string.IsNullOrWhiteSpace(TlsCertificateFile) || !string.IsNullOrWhiteSpace(TlsKeyFile) || !string.IsNullOrWhiteSpace(TlsCaFile);

    /// <summary>The seed nodes as full Akka addresses, validated.</summary>
    public IReadOnlyList<string> SeedNodeAddresses() => SeedNodes
        .Where(s => !string.IsNullOrWhiteSpace(s))
        .Select(s => ToAkkaAddress(s.Trim(), SystemName, UsesTls))
        .ToList();

    /// <summary>
    /// Turns <c>host:port</c> into <c>akka.tcp://system@host:port</c> (<c>akka.ssl.tcp://</c> under TLS: the protocol is
    /// part of an Akka address); full addresses pass through.
    /// </summary>
    public static string ToAkkaAddress(string seedNode, string systemName, bool tls = false)
    {
        if (seedNode.StartsWith("akka.tcp://", StringComparison.Ordinal) || seedNode.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal)) return seedNode;
        int colon = seedNode.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seedNode.AsSpan(colon + 1), out int port) || port is <= 0 or > 65535)
            throw new InvalidInputException($"seed node '{seedNode}': expected HOST:PORT (e.g. seed:4053) or akka.tcp://{systemName}@HOST:PORT");
        return $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{systemName}@{seedNode[..colon]}:{port}";
    }

    /// <summary>Checks the values a user can get wrong, naming the configuration key.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new InvalidInputException($"Galaxy:Port (GALAXY__PORT) must be 0..65535, got {Port}");
        if (string.IsNullOrWhiteSpace(Host)) throw new InvalidInputException("Galaxy:Host (GALAXY__HOST) must not be empty");
        if (string.IsNullOrWhiteSpace(SystemName)) throw new InvalidInputException("Galaxy:SystemName (GALAXY__SYSTEMNAME) must not be empty");
        if (ComputeThreads < 1) throw new InvalidInputException($"Galaxy:ComputeThreads (GALAXY__COMPUTETHREADS) must be at least 1, got {ComputeThreads}");
        if (MaxQueuedJobs < 1) throw new InvalidInputException($"Galaxy:MaxQueuedJobs (GALAXY__MAXQUEUEDJOBS) must be at least 1, got {MaxQueuedJobs}");
        if (!Enum.TryParse<Serilog.Events.LogEventLevel>(LogLevel, ignoreCase: true, out _))
            throw new InvalidInputException($"Galaxy:LogLevel (GALAXY__LOGLEVEL) '{LogLevel}' is not one of Verbose, Debug, Information, Warning, Error, Fatal");
        if (HealthPort is { } health && (health is < 1 or > 65535 || health == Port))
            throw new InvalidInputException($"Galaxy:HealthPort (GALAXY__HEALTHPORT) must be 1..65535 and differ from Galaxy:Port, got {health}");
        if (ShutdownTimeout <= TimeSpan.Zero)
            throw new InvalidInputException($"Galaxy:ShutdownTimeout (GALAXY__SHUTDOWNTIMEOUT) must be positive (e.g. 00:00:40), got {ShutdownTimeout}");
        _ = SeedNodeAddresses();
        // Files are read when a host is built (GalaxyHosts); here only that the set is complete.
        if (UsesTls && !(TlsCertificateFile is { Length: > 0 } && TlsKeyFile is { Length: > 0 } && TlsCaFile is { Length: > 0 }))
            throw new InvalidInputException(Security.GalaxyTls.IncompleteMessage);
        if (SubmitSecret is not null && SubmitSecretFile is not null)
            throw new InvalidInputException("Galaxy:SubmitSecret and Galaxy:SubmitSecretFile (GALAXY__SUBMITSECRET, GALAXY__SUBMITSECRETFILE) are both set; set one");
    }

    /// <summary>A copy, so one options object can seed several in-process nodes.</summary>
    public GalaxyClusterOptions Clone()
    {
        var copy = (GalaxyClusterOptions)MemberwiseClone();
        copy.SeedNodes = [.. SeedNodes];
        copy.Roles = [.. Roles];
        return copy;
    }
}
