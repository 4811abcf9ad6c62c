using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace GalaxyActors.Seed.Tests;

/// <summary>Runs the real `galaxy` and `galaxy-node` programs (their dlls beside the test binaries) as OS processes.</summary>
public static class GalaxyProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public const string Galaxy = "galaxy.dll";
    public const string Node = "galaxy-node.dll";

    // Linux signal numbers (x86-64 and arm64 alike).
    public const int SigTerm = 15;
    public const int SigStop = 19;
    public const int SigCont = 18;

    public static Result Run(TimeSpan timeout, params string[] arguments) => Run(timeout, null, arguments);

    /// <summary>Runs `galaxy` to the end; <paramref name="environment"/> (when given) replaces every inherited GALAXY__ variable.</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(Galaxy, arguments, environment))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"galaxy {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Result Run(params string[] arguments) => Run(TimeSpan.FromMinutes(5), arguments);

    /// <summary>Starts a long-running program (a seed or worker node) and collects its output as it runs.</summary>
    public static Running Start(string program, params string[] arguments) => Start(program, null, arguments);

    /// <summary>As <see cref="Start(string, string[])"/>, with exactly the GALAXY__ variables of <paramref name="environment"/> (none inherited).</summary>
    public static Running Start(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new(Process.Start(StartInfo(program, arguments, environment))!, program, arguments) { Environment = environment };

    private static ProcessStartInfo StartInfo(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment != null)
        {
            foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("GALAXY__", StringComparison.Ordinal)).ToList())
                start.Environment.Remove(inherited);
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>A program still running; disposing it kills whatever is left of it.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly string _name;
        private readonly StringBuilder _output = new();
        private readonly object _gate = new();

        internal Running(Process process, string program, string[] arguments)
        {
            _process = process;
            _name = $"{program} {string.Join(' ', arguments)}";
            _process.StandardInput.Close();
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        /// <summary>The GALAXY__ variables it was started with (null: inherited from the test process).</summary>
        public IReadOnlyDictionary<string, string>? Environment { get; init; }

        public bool HasExited => _process.HasExited;

        /// <summary>Everything it wrote so far, stdout and stderr interleaved as they came.</summary>
        public string Output
        {
            get { lock (_gate) return _output.ToString(); }
        }

        /// <summary>Waits until its output contains <paramref name="text"/>; throws with the output so far if it exits or time runs out first.</summary>
        public void WaitForOutput(string text, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            lock (_gate)
            {
                while (!_output.ToString().Contains(text, StringComparison.Ordinal))
                {
                    if (_process.HasExited || deadline.Elapsed > timeout)
                        throw new TimeoutException($"{_name} did not print '{text}' ({(_process.HasExited ? $"exited {_process.ExitCode}" : $"after {timeout}")}). Output:\n{_output}");
                    // Woken by every new line (Append pulses), or after a second to re-check for exit.
                    Monitor.Wait(_gate, TimeSpan.FromSeconds(1));
                }
            }
        }

        /// <summary>Waits for it to exit by itself and returns its exit code; throws with its output if it runs past <paramref name="timeout"/>.</summary>
        public int WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
                throw new TimeoutException($"{_name} still running after {timeout}. Output:\n{Output}");
            _process.WaitForExit(); // drains the asynchronous output readers
            return _process.ExitCode;
        }

        /// <summary>SIGTERM, as `docker stop` and the kubelet send first: the program runs CoordinatedShutdown and exits.</summary>
        public void Terminate() => Signal(SigTerm);

        /// <summary>Sends signal <paramref name="signal"/> to the process (kill(2)).</summary>
        public void Signal(int signal)
        {
            if (SystemKill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SystemKill(int pid, int signal);

        /// <summary>The operating-system kill (SIGKILL): no shutdown, no leaving the cluster, as a crashed machine.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_gate)
            {
                _output.AppendLine(line);
                Monitor.PulseAll(_gate);
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
