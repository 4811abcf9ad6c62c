using System.Diagnostics;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// Shows a phase's progress: a bar with rate and ETA redrawn in place on a terminal, and a plain
/// line every few seconds when output is redirected (CI logs, containers), where carriage returns
/// would only make noise.
/// </summary>
public sealed class ConsoleProgress : IProgress<PhaseProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly object _gate = new();
    private string? _phase;
    private TimeSpan _phaseStart;
    private TimeSpan? _lastPrint;
    private bool _barOpen;

    public void Report(PhaseProgress value)
    {
        lock (_gate)
        {
            var now = _sinceStart.Elapsed;
            if (value.Phase != _phase)
            {
                EndBar();
                _phase = value.Phase;
                _phaseStart = now;
                _lastPrint = null;
            }
            var finished = value.Total > 0 && value.Done >= value.Total;
            if (_interactive)
            {
                if (!finished && now - _lastPrint < TimeSpan.FromMilliseconds(100)) return; // null compares false: first report prints
                Console.Error.Write("\r" + Format(value, now - _phaseStart));
                _barOpen = true;
                if (finished) EndBar();
            }
            else if (finished || _lastPrint == null || now - _lastPrint >= PlainInterval)
            {
                Console.Error.WriteLine(Format(value, now - _phaseStart));
            }
            _lastPrint = now;
        }
    }

    private void EndBar()
    {
        if (!_barOpen) return;
        Console.Error.WriteLine();
        _barOpen = false;
    }

    private static string Format(PhaseProgress p, TimeSpan elapsed)
    {
        const int width = 30;
        var fraction = p.Total > 0 ? Math.Clamp((double)p.Done / p.Total, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * width);
        var rate = elapsed.TotalSeconds > 0 ? p.Done / elapsed.TotalSeconds : 0;
        var eta = rate > 0 && p.Total > p.Done ? TimeSpan.FromSeconds((p.Total - p.Done) / rate) : TimeSpan.Zero;
        return $"{p.Phase,-10} [{new string('#', filled)}{new string('.', width - filled)}] {fraction,4:P0} {p.Done}/{p.Total}  {rate,7:F1}/s  ETA {eta:mm\\:ss}";
    }
}
