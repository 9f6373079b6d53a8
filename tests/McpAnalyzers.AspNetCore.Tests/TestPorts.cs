using System.Net;
using System.Net.Sockets;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>Free TCP ports on 127.0.0.1 for servers the tests start as processes.</summary>
internal static class TestPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
