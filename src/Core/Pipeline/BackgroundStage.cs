using System.Diagnostics;

namespace GalaxyActors.Core.Pipeline;

/// <summary>
/// A stage run on the thread pool beside the ones that follow it (the report's map beside K-means, kNN and spectral):
/// it times itself, stops when the job's token or its own disposal asks, and is always finished — completed, failed or
/// cancelled — when <see cref="Dispose"/> returns, so no stage of an abandoned job goes on using the CPU.
/// </summary>
public sealed class BackgroundStage<T> : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<T> _task;
    private double _seconds;

    public BackgroundStage(Func<CancellationToken, T> work, CancellationToken cancellation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = _stop.Token;
        _task = Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            try { return work(token); }
            finally { _seconds = watch.Elapsed.TotalSeconds; }
        }, token);
    }

    /// <summary>Waits for the stage; its exception, if any, is thrown here as it was thrown.</summary>
    /// <param name="seconds">How long the stage itself ran.</param>
    /// <param name="waited">How long this call waited for it: the stage's cost to the critical path.</param>
    public T Result(out double seconds, out double waited)
    {
        var watch = Stopwatch.StartNew();
        var result = _task.GetAwaiter().GetResult();
        waited = watch.Elapsed.TotalSeconds;
        seconds = _seconds;
        return result;
    }

    public void Dispose()
    {
        if (!_task.IsCompleted)
        {
            _stop.Cancel();
            // Its OperationCanceledException (or any failure) belongs to a job that has already failed for another reason.
            try { _task.Wait(); } catch (AggregateException) { }
        }
        _stop.Dispose();
    }
}
