namespace GalaxyActors.Messages;

/// <summary>
/// Size limits every node must share. Akka.Remote drops a message larger than its frame with only a log line, so
/// senders chunk bulk payloads to <see cref="MaxPayloadBytes"/> and the frame is set well above it.
/// </summary>
public static class WireLimits
{
    /// <summary>akka.remote.dot-netty.tcp.maximum-frame-size (and send/receive buffer sizes): 4 MiB.</summary>
    public const int MaxFrameSizeBytes = 4 * 1024 * 1024;

    /// <summary>Largest bulk payload we put in one message: 1 MiB (e.g. 512 rows × 512 float32).</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>How many rows of <paramref name="rowBytes"/> bytes fit in one message (at least 1).</summary>
    public static int RowsPerChunk(int rowBytes) => Math.Max(1, MaxPayloadBytes / Math.Max(1, rowBytes));
}
