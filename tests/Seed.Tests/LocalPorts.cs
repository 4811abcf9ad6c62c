using System.Net;
using System.Net.Sockets;

namespace GalaxyActors.Seed.Tests;

/// <summary>TCP ports for processes of one test on this machine.</summary>
public static class LocalPorts
{
    /// <summary>A port free on loopback right now (the OS's pick; released at once for the process that will bind it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
