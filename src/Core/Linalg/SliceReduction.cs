namespace GalaxyActors.Core.Linalg;

/// <summary>
/// Computes one partial result per slice in parallel and merges them strictly in slice order, so
/// a local run adds its floating-point partials in exactly the order a coordinator merging the
/// slice actors' replies in slice order does: local and distributed runs give identical bits
/// whatever the number of cores. Slices run in waves of a few per core, reusing the partial
/// buffers, so memory stays bounded however many slices there are.
/// </summary>
public static class SliceReduction
{
    /// <param name="compute">Fills the partial for a slice; must overwrite (or reset) it completely.</param>
    /// <param name="merge">Called once per slice, in slice order, on the calling thread.</param>
    /// <param name="slicesPerCore">
    /// Slices per core in a wave (and partial buffers kept). Each wave ends in a barrier, so callers
    /// with small partials and short slices (a k-means pass, hundreds of them per elbow) use more.
    /// </param>
    public static void Run<TPartial>(int sliceCount, Func<TPartial> create, Action<int, TPartial> compute, Action<int, TPartial> merge,
        int slicesPerCore = 2)
    {
        if (sliceCount <= 0) return;
        var wave = Math.Min(sliceCount, Math.Max(2, slicesPerCore * Environment.ProcessorCount));
        var buffers = new TPartial[wave];
        for (var i = 0; i < wave; i++) buffers[i] = create();
        for (var start = 0; start < sliceCount; start += wave)
        {
            var n = Math.Min(wave, sliceCount - start);
            if (n == 1) compute(start, buffers[0]);
            else
            {
                // Keep each slice's failure and rethrow the earliest slice's, unwrapped, so a bad
                // row is reported the same way (the first one) as in a sequential run.
                var errors = new Exception?[n];
                Parallel.For(0, n, i =>
                {
                    try { compute(start + i, buffers[i]); }
                    catch (Exception e) { errors[i] = e; }
                });
                foreach (var error in errors)
                    if (error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
            for (var i = 0; i < n; i++) merge(start + i, buffers[i]);
        }
    }
}
