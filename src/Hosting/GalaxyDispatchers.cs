namespace GalaxyActors.Hosting;

/// <summary>
/// Dispatchers for blocking work. ONNX inference, HDF5 reads and big loops run here, never on the default dispatcher:
/// starving the default one delays cluster heartbeats and gets a busy node downed as unreachable.
/// </summary>
public static class GalaxyDispatchers
{
    /// <summary>
    /// A fork-join dispatcher on its own thread pool of <see cref="GalaxyClusterOptions.ComputeThreads"/> threads
    /// (default 1: fewer than the cores, so remoting and heartbeats always have a core). Slice entities run on it.
    /// </summary>
    public const string Compute = "galaxy-compute-dispatcher";

    /// <summary>
    /// One thread for job runners on the seed: they write gathered features to the feature store (blocking I/O) and
    /// must not hold up the default dispatcher, nor wait behind slice work when the seed is also a worker.
    /// </summary>
    public const string Jobs = "galaxy-job-dispatcher";

    internal static string Hocon(int threads) => $$"""
        {{Compute}} {
          type = ForkJoinDispatcher
          throughput = 1
          dedicated-thread-pool {
            thread-count = {{Math.Max(1, threads)}}
            threadtype = background
          }
        }
        {{Jobs}} {
          type = ForkJoinDispatcher
          throughput = 10
          dedicated-thread-pool {
            thread-count = 1
            threadtype = background
          }
        }
        """;
}
