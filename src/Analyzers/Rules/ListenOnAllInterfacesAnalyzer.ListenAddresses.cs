using System;
using System.Collections.Generic;

namespace McpAnalyzers.Model;

/// <summary>A wildcard host found in a URL list: the host as written and where it starts in the text.</summary>
internal readonly struct WildcardHost
{
    public WildcardHost(string host, int index)
    {
        Host = host;
        Index = index;
    }

    public string Host { get; }

    public int Index { get; }

    /// <summary>The loopback address that replaces this wildcard.</summary>
    public string Loopback => Host.StartsWith("[", StringComparison.Ordinal) ? "[::1]" : "127.0.0.1";
}

/// <summary>Finds hosts that make Kestrel listen on every interface in URL strings (<c>urls</c> syntax).</summary>
internal static class ListenAddresses
{
    public const char Hole = '\uFFFF';

    private static readonly string[] Wildcards = { "0.0.0.0", "*", "+", "[::]", "[0:0:0:0:0:0:0:0]", "[::0]" };

    /// <summary>Wildcard hosts in a semicolon-separated URL list; parts whose host is not a compile-time constant are skipped.</summary>
    public static List<WildcardHost> Find(string urls)
    {
        var result = new List<WildcardHost>();
        var start = 0;
        while (start <= urls.Length)
        {
            var end = urls.IndexOf(';', start);
            if (end < 0)
            {
                end = urls.Length;
            }

            if (HostOf(urls, start, end) is { } host && IsWildcard(urls.Substring(host.Start, host.Length)))
            {
                result.Add(new WildcardHost(urls.Substring(host.Start, host.Length), host.Start));
            }

            start = end + 1;
        }

        return result;
    }

    public static bool IsWildcard(string host)
    {
        foreach (var wildcard in Wildcards)
        {
            if (string.Equals(host, wildcard, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for an address literal given to <c>IPAddress.Parse</c>: 0.0.0.0 or ::.</summary>
    public static bool IsAnyAddress(string address)
        => address.Trim() is "0.0.0.0" or "::" or "0:0:0:0:0:0:0:0" or "[::]";

    private static (int Start, int Length)? HostOf(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var scheme = text.IndexOf("://", start, end - start, StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }

        var hostStart = scheme + 3;
        int hostEnd;
        if (hostStart < end && text[hostStart] == '[')
        {
            var close = text.IndexOf(']', hostStart, end - hostStart);
            if (close < 0)
            {
                return null;
            }

            hostEnd = close + 1;
        }
        else
        {
            hostEnd = hostStart;
            while (hostEnd < end && text[hostEnd] != ':' && text[hostEnd] != '/')
            {
                hostEnd++;
            }
        }

        if (hostEnd <= hostStart || text.IndexOf(Hole, hostStart, hostEnd - hostStart) >= 0)
        {
            return null; // the host is not known at compile time
        }

        return (hostStart, hostEnd - hostStart);
    }
}
