using System.Net;
using System.Net.Sockets;

namespace Workflows.Testing;

public static class FreeTcpPorts
{
    /// <summary>Ports the OS reports free on loopback right now (bound together, so they are distinct).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
