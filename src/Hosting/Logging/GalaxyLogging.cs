using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace GalaxyActors.Hosting.Logging;

/// <summary>
/// The process-wide Serilog logger. Akka.Logger.Serilog writes through the static <see cref="Log.Logger"/>, so there
/// is one logger per process; it is created by the first node started in the process and enriched with
/// <c>Role</c> (every role of every node in the process, e.g. "seed+worker" for an in-process cluster) and
/// <c>Host</c> (the advertised hostname). Events go to stderr, one line each, so the CLI keeps stdout for the user.
/// </summary>
public static class GalaxyLogging
{
    private static readonly Lock Gate = new();
    private static readonly ProcessRolesEnricher Roles = new();
    private static Logger? _logger;
    private static volatile bool _plannedShutdown;

    /// <summary>Console template: time, level, role@host, source, message.</summary>
    public const string OutputTemplate =
        "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Role}@{Host} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Makes sure the process logger exists (the first call sets level and host) and adds <paramref name="roles"/>
    /// to the roles it reports. Leaves a logger that someone else configured (e.g. the CLI) in place.
    /// </summary>
    public static void EnsureConfigured(IEnumerable<string> roles, string host, LogEventLevel level)
    {
        lock (Gate)
        {
            Roles.Add(roles);
            if (_logger is not null || Log.Logger is Logger) return;
            _logger = new LoggerConfiguration()
                .MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .Filter.ByExcluding(IsPlannedShutdownNoise)
                .Enrich.With(Roles)
                .Enrich.WithProperty("Host", host)
                .WriteTo.Console(outputTemplate: OutputTemplate, standardErrorFromLevel: LogEventLevel.Verbose,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .CreateLogger();
            Log.Logger = _logger;
        }
    }

    /// <summary>
    /// Says that every node in this process is being stopped on purpose (an in-process cluster after its job), so the
    /// remoting layer's reports of peers going away — warnings and errors with stack traces that mean a crash in any
    /// other situation — and the singleton proxy's search for the departed coordinator are expected and dropped.
    /// </summary>
    public static void PlannedShutdownStarted() => _plannedShutdown = true;

    private static bool IsPlannedShutdownNoise(LogEvent e) =>
        _plannedShutdown
        && e.Level < LogEventLevel.Fatal
        // The exception types are internal to Akka.Remote, hence the names.
        && (e.Exception?.GetType().FullName is "Akka.Remote.EndpointDisassociatedException" or "Akka.Remote.ShutDownAssociation"
            || (e.Properties.TryGetValue("SourceContext", out var source)
                && (source.ToString().StartsWith("\"Akka.Remote", StringComparison.Ordinal)
                    || source.ToString().StartsWith("\"Akka.Cluster.Tools.Singleton.ClusterSingletonProxy", StringComparison.Ordinal))));

    /// <summary>Akka's log level for a Serilog level (both filters must pass for an event to appear).</summary>
    internal static Akka.Event.LogLevel ToAkka(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogEventLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogEventLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        _ => Akka.Event.LogLevel.ErrorLevel,
    };

    /// <summary>Adds the current set of roles as the <c>Role</c> property.</summary>
    private sealed class ProcessRolesEnricher : ILogEventEnricher
    {
        private readonly SortedSet<string> _roles = new(StringComparer.Ordinal);
        private LogEventProperty _property = new("Role", new ScalarValue("-"));

        public void Add(IEnumerable<string> roles)
        {
            lock (_roles)
            {
                foreach (var r in roles) _roles.Add(r);
                _property = new LogEventProperty("Role", new ScalarValue(string.Join("+", _roles)));
            }
        }

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
            logEvent.AddPropertyIfAbsent(_property);
    }
}
