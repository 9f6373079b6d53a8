using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Sockets;

namespace McpAnalyzers.Runtime;

/// <summary>Why <see cref="UrlGuard"/> refused a URL or a connection string.</summary>
public enum UrlRefusal
{
    /// <summary>Null, empty or white space.</summary>
    Empty,

    /// <summary>Not a well-formed URL or connection string.</summary>
    Malformed,

    /// <summary>A relative URL: the guard needs an absolute one to know the host.</summary>
    Relative,

    /// <summary>A scheme that is not allowed (file:, gopher:, ftp:, http: when only https is).</summary>
    Scheme,

    /// <summary>A user name or password in the URL (<c>https://trusted@evil</c>).</summary>
    UserInfo,

    /// <summary>A host that is not in the allowlist.</summary>
    HostNotAllowed,

    /// <summary>A loopback, private, link-local, CGNAT, multicast, reserved or cloud-metadata address.</summary>
    ForbiddenAddress,

    /// <summary>The host name did not resolve.</summary>
    ResolutionFailed,

    /// <summary>A redirect to a refused URL, or too many redirects.</summary>
    Redirect,

    /// <summary>
    /// A connection-string key that may name a server (its name holds host, server, partner, address, endpoint...)
    /// but is not one the guard knows how to check.
    /// </summary>
    UnknownHostKey,
}

/// <summary>Thrown when <see cref="UrlGuard"/> refuses; the message says what, why and what to do.</summary>
public sealed class UrlGuardException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public UrlGuardException(string? value, UrlRefusal reason, string message)
        : base(message)
    {
        Value = value;
        Reason = reason;
    }

    /// <summary>The refused URL, host or connection string (passwords are not kept).</summary>
    public string? Value { get; }

    /// <summary>Why it was refused.</summary>
    public UrlRefusal Reason { get; }
}

/// <summary>Options for <see cref="UrlGuard"/>.</summary>
public sealed class UrlGuardOptions
{
    /// <summary>Allowed schemes. Default: https only.</summary>
    public ISet<string> AllowedSchemes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https" };

    /// <summary>Allow private and loopback addresses (for a tool meant to reach an internal service). Default false.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Redirects followed by <see cref="UrlGuard.CreateHandler"/>, each one checked. Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;
}

/// <summary>
/// Decides where tools may connect. A URL passes when its scheme is allowed, it carries no user info, its host
/// is in the allowlist (exact names, <c>*.example.com</c> for subdomains, or <c>*</c> for any public host), and
/// every address the host resolves to is public: loopback, private, link-local (cloud metadata), CGNAT,
/// multicast, reserved and IPv4-mapped/translated forms of them are refused. Numeric spellings of addresses
/// (decimal, octal, hex) are read as the address they mean. <see cref="CreateHandler"/> connects only to the
/// address it checked (no DNS rebinding between check and connect) and checks every redirect.
/// </summary>
public sealed class UrlGuard
{
    private static readonly ConcurrentDictionary<string, UrlGuard> EnvironmentGuards = new(StringComparer.Ordinal);

    /// <summary>
    /// Connection-string keys that name servers, in the spellings of SqlClient, Npgsql, MySqlConnector and Oracle,
    /// normalised (lower case, no spaces, underscores or hyphens): every one is checked, lists included.
    /// </summary>
    private static readonly HashSet<string> ConnectionHostKeys = new(StringComparer.Ordinal)
    {
        "host", "hosts", "server", "servers", "datasource", "address", "addr", "networkaddress", "hostname",
        "failoverpartner", "failover",
    };

    /// <summary>Words that make a key look like it names a server (<see cref="UrlRefusal.UnknownHostKey"/> unless known).</summary>
    private static readonly string[] HostWords = { "host", "server", "partner", "address", "addr", "endpoint", "source", "proxy", "url", "uri", "failover" };

    /// <summary>Known options whose names hold a host word but that name no server to connect to.</summary>
    private static readonly HashSet<string> KnownNonHostKeys = new(StringComparer.Ordinal)
    {
        "serverspn", "failoverpartnerspn", "trustservercertificate", "hostnameincertificate", "servercertificate",
        "multisubnetfailover", "loadbalancehosts", "hostrecheckseconds", "servercompatibilitymode", "serverrsapublickeyfile",
    };

    private readonly HashSet<string> _exactHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = new();
    private readonly bool _anyPublicHost;

    /// <summary>Creates a guard for the given hosts with default options (https only, public addresses only).</summary>
    public UrlGuard(params string[] allowedHosts)
        : this(allowedHosts, null)
    {
    }

    /// <summary>Creates a guard for the given hosts with options.</summary>
    /// <exception cref="ArgumentException">No host, or an empty one.</exception>
    public UrlGuard(IEnumerable<string> allowedHosts, UrlGuardOptions? options)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        Options = options ?? new UrlGuardOptions();
        foreach (var raw in allowedHosts)
        {
            var host = raw?.Trim().TrimEnd('.') ?? string.Empty;
            if (host.Length == 0)
            {
                throw new ArgumentException("A UrlGuard host is empty. Configure host names such as api.github.com or *.example.com.", nameof(allowedHosts));
            }

            if (host == "*")
            {
                _anyPublicHost = true;
            }
            else if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                _suffixes.Add(Idn(host[1..]));
            }
            else
            {
                _exactHosts.Add(Idn(host));
            }
        }

        if (!_anyPublicHost && _exactHosts.Count == 0 && _suffixes.Count == 0)
        {
            throw new ArgumentException("UrlGuard needs at least one allowed host.", nameof(allowedHosts));
        }
    }

    /// <summary>The options in force.</summary>
    public UrlGuardOptions Options { get; }

    /// <summary>A guard for the hosts listed in an environment variable (separated by ';' or ','), created once per variable.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static UrlGuard FromEnvironment(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        return EnvironmentGuards.GetOrAdd(variableName, name =>
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"The environment variable {name} is not set. Set it to the hosts this server's tools may connect to, separated by ';' (for example api.github.com;*.example.com).");
            }

            return new UrlGuard(value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null);
        });
    }

    /// <summary>Checks the URL without DNS: scheme, user info, host allowlist and literal addresses.</summary>
    /// <exception cref="UrlGuardException">The URL was refused.</exception>
    public Uri Check(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UrlGuardException(url, UrlRefusal.Empty, "The URL is empty.");
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.RelativeOrAbsolute, out var uri))
        {
            throw new UrlGuardException(url, UrlRefusal.Malformed, $"'{SqlGuard.Printable(url)}' is not a well-formed URL.");
        }

        return Check(uri);
    }

    /// <summary>Checks the URL without DNS: scheme, user info, host allowlist and literal addresses.</summary>
    /// <exception cref="UrlGuardException">The URL was refused.</exception>
    public Uri Check(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.OriginalString;
        if (!url.IsAbsoluteUri)
        {
            throw new UrlGuardException(text, UrlRefusal.Relative, $"'{SqlGuard.Printable(text)}' is relative. Pass an absolute URL, or confine the input to a path with Uri.EscapeDataString on a fixed base address.");
        }

        if (!Options.AllowedSchemes.Contains(url.Scheme))
        {
            throw new UrlGuardException(text, UrlRefusal.Scheme, $"The scheme '{url.Scheme}' is not allowed. Allowed: {string.Join(", ", Options.AllowedSchemes)}.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new UrlGuardException(Redact(url), UrlRefusal.UserInfo, "URLs with a user name or password are refused ('https://trusted@other' connects to 'other').");
        }

        CheckHost(url.IdnHost, url.HostNameType, text);
        return url;
    }

    /// <summary>Like <see cref="Check(string)"/>, without throwing.</summary>
    public bool TryCheck(string url, out Uri? checkedUrl, out string? reason)
    {
        try
        {
            checkedUrl = Check(url);
            reason = null;
            return true;
        }
        catch (UrlGuardException exception)
        {
            checkedUrl = null;
            reason = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// <see cref="Check(string)"/>, then resolves the host and refuses it when any address is forbidden. Use
    /// <see cref="CreateHandler"/> as well: it also pins the connection to the checked address.
    /// </summary>
    /// <exception cref="UrlGuardException">The URL was refused.</exception>
    public async Task<Uri> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        var uri = Check(url);
        await ResolveAllowedAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        return uri;
    }

    /// <summary>
    /// Returns <paramref name="connectionString"/> when every server it names is an allowed host and no literal address
    /// in it is forbidden; otherwise throws. Every host-bearing key is checked (Host, Server, Data Source, Address,
    /// Failover Partner..., in any spelling, with every host of a list), and a key that looks like it names a server
    /// but is not one of those (Backup Host, Proxy Server, Endpoint...) is refused rather than ignored. No DNS is done here.
    /// </summary>
    /// <exception cref="UrlGuardException">The connection string was refused.</exception>
    public string CheckConnectionString(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new UrlGuardException(null, UrlRefusal.Empty, "The connection string is empty.");
        }

        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException exception)
        {
            throw new UrlGuardException(null, UrlRefusal.Malformed, "The connection string is not well formed: " + exception.Message);
        }

        var found = false;
        foreach (string key in builder.Keys)
        {
            var normalised = NormaliseKey(key);
            if (!ConnectionHostKeys.Contains(normalised))
            {
                if (!KnownNonHostKeys.Contains(normalised) && HostWords.Any(word => normalised.Contains(word, StringComparison.Ordinal)))
                {
                    throw new UrlGuardException(
                        null,
                        UrlRefusal.UnknownHostKey,
                        $"The connection string key '{SqlGuard.Printable(key)}' may name a server, and the guard does not know how to check it. Remove it, or put the servers in Host/Server/Data Source/Failover Partner.");
                }

                continue;
            }

            if (builder[key]?.ToString() is not { Length: > 0 } servers)
            {
                continue;
            }

            foreach (var server in servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (server.Length > 0 && server.All(char.IsDigit))
                {
                    continue; // SQL Server's "host,1433": the part after the comma is a port
                }

                var host = HostOfServer(server);
                found = true;
                var type = Uri.CheckHostName(host);
                CheckHost(type == UriHostNameType.IPv6 ? host.Trim('[', ']') : host, type, host);
            }
        }

        if (!found)
        {
            throw new UrlGuardException(null, UrlRefusal.Malformed, "The connection string names no server (Host, Server, Data Source...), so where it connects cannot be checked.");
        }

        return connectionString;
    }

    /// <summary>
    /// A handler that checks every request URL and redirect, resolves the host itself, refuses forbidden
    /// addresses and connects to the address it checked. Use it for every client that fetches tool-chosen URLs.
    /// </summary>
    public HttpMessageHandler CreateHandler()
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        };
        return new RedirectCheckingHandler(this, sockets);
    }

    /// <summary>An <see cref="HttpClient"/> on <see cref="CreateHandler"/>.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true);

    /// <summary>
    /// True for addresses no tool should reach: unspecified, loopback, private (10/8, 172.16/12, 192.168/16,
    /// fc00::/7), link-local and cloud metadata (169.254/16, fe80::/10), CGNAT (100.64/10), multicast,
    /// broadcast, reserved, benchmarking (198.18/15, 2001:2::/48) and documentation ranges (2001:db8::/32,
    /// 3fff::/20), the IETF protocol assignments 2001::/23 (Teredo among them), discard-only 100::/64, IPv4-translated
    /// ::ffff:0:0:0/96, local-use NAT64 64:ff9b:1::/48, and IPv6 forms that embed a forbidden IPv4 address
    /// (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16).
    /// </summary>
    public static bool IsForbiddenAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbiddenAddress(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,
                169 => b[1] == 254,
                172 => b[1] >= 16 && b[1] <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && (b[2] == 0 || b[2] == 2)) || (b[1] == 88 && b[2] == 99),
                198 => b[1] == 18 || b[1] == 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,
                _ => false,
            };
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address) || IPAddress.IPv6Any.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        var bytes = address.GetAddressBytes();
        if ((bytes[0] & 0xFE) == 0xFC)
        {
            return true; // unique local fc00::/7 (AWS metadata fd00:ec2::254 among them)
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8)
        {
            return true; // documentation 2001:db8::/32
        }

        if (bytes[0] == 0x3F && bytes[1] == 0xFF && (bytes[2] & 0xF0) == 0)
        {
            return true; // documentation 3fff::/20
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x01 && (bytes[2] & 0xFE) == 0)
        {
            return true; // IETF protocol assignments 2001::/23: Teredo, benchmarking 2001:2::/48, ORCHID, AMT
        }

        if (bytes[0] == 0x01 && bytes.Skip(1).Take(7).All(x => x == 0))
        {
            return true; // discard-only 100::/64
        }

        if (bytes.Take(8).All(x => x == 0) && bytes[8] == 0xFF && bytes[9] == 0xFF && bytes[10] == 0 && bytes[11] == 0)
        {
            return true; // IPv4-translated ::ffff:0:0:0/96 (SIIT): a translator, never a host of its own
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && bytes[4] == 0x00 && bytes[5] == 0x01)
        {
            return true; // local-use NAT64 64:ff9b:1::/48 reaches the operator's own networks
        }

        // embedded IPv4: NAT64 64:ff9b::/96, 6to4 2002::/16, IPv4-compatible ::a.b.c.d, Teredo 2001::/32
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B)
        {
            return IsForbiddenAddress(new IPAddress(bytes[12..16]));
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return IsForbiddenAddress(new IPAddress(bytes[2..6]));
        }

        if (bytes.Take(12).All(x => x == 0))
        {
            return true; // IPv4-compatible and other ::/96 forms
        }

        return false;
    }

    private void CheckHost(string host, UriHostNameType type, string original)
    {
        if (type is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
            {
                throw new UrlGuardException(original, UrlRefusal.Malformed, $"'{SqlGuard.Printable(host)}' is not a valid address.");
            }

            if (!Options.AllowPrivateAddresses && IsForbiddenAddress(address))
            {
                throw new UrlGuardException(original, UrlRefusal.ForbiddenAddress, $"The address {address} is loopback, private, link-local (cloud metadata), multicast or reserved; tools may not reach it.");
            }

            if (!_anyPublicHost && !_exactHosts.Contains(address.ToString()))
            {
                throw new UrlGuardException(original, UrlRefusal.HostNotAllowed, $"The address {address} is not in the allowed hosts ({Describe()}).");
            }

            return;
        }

        if (type != UriHostNameType.Dns || host.Length == 0)
        {
            throw new UrlGuardException(original, UrlRefusal.Malformed, $"'{SqlGuard.Printable(host)}' is not a host name.");
        }

        var name = Idn(host.TrimEnd('.'));
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            if (!Options.AllowPrivateAddresses)
            {
                throw new UrlGuardException(original, UrlRefusal.ForbiddenAddress, $"'{name}' is the local machine; tools may not reach it.");
            }
        }

        if (!IsAllowedName(name))
        {
            throw new UrlGuardException(original, UrlRefusal.HostNotAllowed, $"The host '{SqlGuard.Printable(name)}' is not allowed. Allowed: {Describe()}.");
        }
    }

    private bool IsAllowedName(string name)
    {
        if (_anyPublicHost || _exactHosts.Contains(name))
        {
            return true;
        }

        foreach (var suffix in _suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length)
            {
                return true;
            }
        }

        return false;
    }

    private string Describe()
        => _anyPublicHost ? "any public host" : string.Join(", ", _exactHosts.Concat(_suffixes.Select(s => "*" + s)));

    /// <summary>The host's addresses, all of them allowed (or the literal address itself).</summary>
    internal async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            CheckHost(literal.ToString(), literal.AddressFamily == AddressFamily.InterNetwork ? UriHostNameType.IPv4 : UriHostNameType.IPv6, host);
            return new[] { literal };
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            throw new UrlGuardException(host, UrlRefusal.ResolutionFailed, $"The host '{host}' did not resolve: {exception.Message}");
        }

        if (addresses.Length == 0)
        {
            throw new UrlGuardException(host, UrlRefusal.ResolutionFailed, $"The host '{host}' has no addresses.");
        }

        if (!Options.AllowPrivateAddresses)
        {
            foreach (var address in addresses)
            {
                if (IsForbiddenAddress(address))
                {
                    throw new UrlGuardException(host, UrlRefusal.ForbiddenAddress, $"The host '{host}' resolves to {address}, which is loopback, private, link-local (cloud metadata), multicast or reserved; tools may not reach it.");
                }
            }
        }

        return addresses;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        CheckHost(host, Uri.CheckHostName(host.Trim('[', ']')) is var type && type == UriHostNameType.IPv6 ? UriHostNameType.IPv6 : type, host);
        var addresses = await ResolveAllowedAsync(host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string NormaliseKey(string key)
        => new(key.Where(c => c is not (' ' or '_' or '-')).Select(char.ToLowerInvariant).ToArray());

    private static string HostOfServer(string server)
    {
        var host = server;
        foreach (var prefix in new[] { "tcp:", "np:", "lpc:", "admin:" })
        {
            if (host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                host = host[prefix.Length..];
            }
        }

        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close > 0 ? host[..(close + 1)] : host;
        }

        var backslash = host.IndexOf('\\');
        if (backslash >= 0)
        {
            host = host[..backslash]; // SQL Server named instance
        }

        var colon = host.IndexOf(':');
        if (colon >= 0 && host.IndexOf(':', colon + 1) < 0)
        {
            host = host[..colon]; // host:port
        }

        return host.Trim();
    }

    private static string Idn(string host)
    {
        try
        {
            return new System.Globalization.IdnMapping().GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return host.ToLowerInvariant();
        }
    }

    private static string Redact(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);

    /// <summary>Follows redirects itself, checking each target before it is requested.</summary>
    private sealed class RedirectCheckingHandler : DelegatingHandler
    {
        private readonly UrlGuard _guard;

        public RedirectCheckingHandler(UrlGuard guard, HttpMessageHandler inner)
            : base(inner)
        {
            _guard = guard;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _guard.Check(request.RequestUri ?? throw new UrlGuardException(null, UrlRefusal.Empty, "The request has no URL."));
            for (var redirects = 0; ; redirects++)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
                {
                    return response;
                }

                if (redirects >= _guard.Options.MaxRedirects)
                {
                    response.Dispose();
                    throw new UrlGuardException(request.RequestUri!.ToString(), UrlRefusal.Redirect, $"More than {_guard.Options.MaxRedirects} redirects.");
                }

                var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
                try
                {
                    _guard.Check(target);
                }
                catch (UrlGuardException exception)
                {
                    response.Dispose();
                    throw new UrlGuardException(target.ToString(), UrlRefusal.Redirect, "A redirect was refused: " + exception.Message);
                }

                response.Dispose();
                var method = status == 303 || ((status is 301 or 302) && request.Method == HttpMethod.Post) ? HttpMethod.Get : request.Method;
                var next = new HttpRequestMessage(method, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
                if (method == request.Method && request.Content is not null && status is 307 or 308)
                {
                    next.Content = request.Content;
                }

                foreach (var header in request.Headers)
                {
                    if (!header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                    {
                        next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }

                request = next;
            }
        }
    }
}
