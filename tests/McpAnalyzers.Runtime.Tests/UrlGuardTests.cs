using System.Net;
using System.Net.Sockets;
using McpAnalyzers.Runtime;

namespace McpAnalyzers.Runtime.Tests;

/// <summary>UrlGuard: an SSRF bypass corpus, connection strings, and a real HTTP server on 127.0.0.1.</summary>
public sealed class UrlGuardTests
{
    private static readonly UrlGuard AnyPublic = new(new[] { "*" }, new UrlGuardOptions { AllowedSchemes = { "http" } });

    public static TheoryData<string> SsrfCorpus()
    {
        var data = new TheoryData<string>();
        foreach (var payload in new[]
        {
            "http://127.0.0.1/", "http://localhost/", "http://LOCALHOST./", "http://app.localhost/", "http://127.1/", "http://127.0.1/",
            "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://017700000001/",
            "http://0/", "http://0.0.0.0/", "http://[::1]/", "http://[::]/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/",
            "http://[::127.0.0.1]/", "http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials",
            "http://[fd00:ec2::254]/latest/meta-data/", "http://100.100.100.200/latest/meta-data/", "http://10.0.0.1/", "http://10.255.255.255/",
            "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://100.64.0.1/", "http://224.0.0.1/",
            "http://255.255.255.255/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[ff02::1]/", "http://198.18.0.1/",
            "http://user:pass@example.com/", "http://example.com@127.0.0.1/", "http://127.0.0.1#@example.com/",
            "file:///etc/passwd", "gopher://127.0.0.1:6379/_FLUSHALL", "ftp://example.com/", "dict://127.0.0.1:11211/",
            "/relative/path", "//127.0.0.1/", "javascript:alert(1)", "", "   ", "http://[::ffff:a00:1]/", "http://[2001:db8::1]/",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        })
        {
            data.Add(payload);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SsrfCorpus))]
    public void Check_RefusesEveryPayload(string payload)
    {
        var exception = Assert.Throws<UrlGuardException>(() => AnyPublic.Check(payload));
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Theory]
    [InlineData("https://api.github.com/repos/x/y")]
    [InlineData("https://docs.example.com/a?b=c")]
    [InlineData("https://EXAMPLE.com/")]
    public void Check_AcceptsAllowedHosts(string url)
        => Assert.Equal(new Uri(url), new UrlGuard("api.github.com", "example.com", "*.example.com").Check(url));

    [Theory]
    [InlineData("https://api.github.com.evil.com/", UrlRefusal.HostNotAllowed)]
    [InlineData("https://evilexample.com/", UrlRefusal.HostNotAllowed)]
    [InlineData("http://api.github.com/", UrlRefusal.Scheme)]
    [InlineData("https://x@api.github.com/", UrlRefusal.UserInfo)]
    [InlineData("https://8.8.8.8/", UrlRefusal.HostNotAllowed)]
    public void Check_RefusesLookAlikes(string url, UrlRefusal reason)
        => Assert.Equal(reason, Assert.Throws<UrlGuardException>(() => new UrlGuard("api.github.com", "*.example.com").Check(url)).Reason);

    [Fact]
    public void Constructor_ExplainsAnEmptyAllowlist()
        => Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => new UrlGuard(Array.Empty<string>(), null)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("Host=db.internal.example.com;Username=app;Password=x")]
    [InlineData("Server=tcp:db.internal.example.com,1433;Database=app")]
    [InlineData("Host=db.internal.example.com:5432;Database=app")]
    public void CheckConnectionString_AcceptsAllowedServers(string connectionString)
        => Assert.Equal(connectionString, new UrlGuard("db.internal.example.com").CheckConnectionString(connectionString));

    [Theory]
    [InlineData("Host=169.254.169.254;Database=x")]
    [InlineData("Host=db.internal.example.com,evil.com;Database=x")]
    [InlineData("Server=127.0.0.1,1433;Database=x")]
    [InlineData("Data Source=/etc/passwd")]
    [InlineData("Database=x")]
    [InlineData("not a connection string =;=")]
    public void CheckConnectionString_RefusesOtherServers(string connectionString)
        => Assert.Throws<UrlGuardException>(() => new UrlGuard("db.internal.example.com").CheckConnectionString(connectionString));

    [Theory]
    [InlineData("Server=db.internal.example.com;Failover Partner=tcp:127.0.0.1,1433;Database=x", UrlRefusal.ForbiddenAddress)]
    [InlineData("Server=db.internal.example.com;Failover Partner=169.254.169.254;Database=x", UrlRefusal.ForbiddenAddress)]
    [InlineData("Server=db.internal.example.com;FailoverPartner=evil.com;Database=x", UrlRefusal.HostNotAllowed)]
    [InlineData("Data Source=db.internal.example.com;failover partner=evil.com", UrlRefusal.HostNotAllowed)]
    [InlineData("Host=db.internal.example.com:5432,[::1]:5433;Database=x", UrlRefusal.ForbiddenAddress)]
    [InlineData("Server=db.internal.example.com,10.0.0.5;Database=x", UrlRefusal.ForbiddenAddress)]
    [InlineData("Host=db.internal.example.com;Backup Host=evil.com;Database=x", UrlRefusal.UnknownHostKey)]
    [InlineData("Server=db.internal.example.com;Proxy Server=evil.com", UrlRefusal.UnknownHostKey)]
    [InlineData("Server=db.internal.example.com;Endpoint=evil.com", UrlRefusal.UnknownHostKey)]
    public void CheckConnectionString_ChecksEveryHostBearingKey(string connectionString, UrlRefusal reason)
    {
        var exception = Assert.Throws<UrlGuardException>(() => new UrlGuard("db.internal.example.com").CheckConnectionString(connectionString));
        Assert.Equal(reason, exception.Reason);
    }

    [Theory]
    [InlineData("Server=db.internal.example.com;Failover Partner=db.internal.example.com;Server SPN=MSSQLSvc/db;Database=x")]
    [InlineData("Host=db.internal.example.com;Load Balance Hosts=true;Host Recheck Seconds=10;Server Compatibility Mode=NoTypeLoading")]
    public void CheckConnectionString_AcceptsKnownOptionsThatNameNoServer(string connectionString)
        => Assert.Equal(connectionString, new UrlGuard("db.internal.example.com").CheckConnectionString(connectionString));

    [Theory]
    [InlineData("::ffff:0:127.0.0.1")] // IPv4-translated (::ffff:0:0:0/96)
    [InlineData("::ffff:0:a9fe:a9fe")] // IPv4-translated 169.254.169.254
    [InlineData("::ffff:0:808:808")] // IPv4-translated, even of a public address: SIIT, not a host
    [InlineData("2001:2::1")] // benchmarking 2001:2::/48
    [InlineData("2001:2:0:ffff::1")]
    [InlineData("64:ff9b:1::a00:1")] // local-use NAT64 64:ff9b:1::/48
    [InlineData("100::1")] // discard-only 100::/64
    [InlineData("3fff::1")] // documentation 3fff::/20
    public void IsForbiddenAddress_CoversTranslatedAndBenchmarkingRanges(string address)
        => Assert.True(UrlGuard.IsForbiddenAddress(System.Net.IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("8.8.8.8")]
    public void IsForbiddenAddress_AcceptsPublicAddresses(string address)
        => Assert.False(UrlGuard.IsForbiddenAddress(System.Net.IPAddress.Parse(address)), address);

    [Fact]
    public async Task CheckAsync_RefusesNamesThatResolveToLoopback()
    {
        var guard = new UrlGuard(new[] { "localtest.me", "localhost" }, new UrlGuardOptions { AllowedSchemes = { "http" } });
        var exception = await Assert.ThrowsAsync<UrlGuardException>(() => guard.CheckAsync("http://localhost/"));
        Assert.Equal(UrlRefusal.ForbiddenAddress, exception.Reason);
    }

    [Fact]
    public async Task Handler_ConnectsOnlyToAllowedAddresses_AndChecksRedirects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                using var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer);
                var request = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                var body = request.StartsWith("GET /redirect", StringComparison.Ordinal)
                    ? "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(body));
            }
        });

        // The same server, reached through a guard that refuses loopback, and one allowed to reach it.
        var strict = new UrlGuard(new[] { "127.0.0.1" }, new UrlGuardOptions { AllowedSchemes = { "http" } });
        using (var client = strict.CreateHttpClient())
        {
            var refused = await Assert.ThrowsAsync<UrlGuardException>(() => client.GetStringAsync($"http://127.0.0.1:{port}/"));
            Assert.Equal(UrlRefusal.ForbiddenAddress, refused.Reason);
        }

        var internalGuard = new UrlGuard(new[] { "127.0.0.1" }, new UrlGuardOptions { AllowedSchemes = { "http" }, AllowPrivateAddresses = true });
        using (var client = internalGuard.CreateHttpClient())
        {
            Assert.Equal("ok", await client.GetStringAsync($"http://127.0.0.1:{port}/"));
            var redirect = await Assert.ThrowsAsync<UrlGuardException>(() => client.GetStringAsync($"http://127.0.0.1:{port}/redirect"));
            Assert.Equal(UrlRefusal.Redirect, redirect.Reason);
        }

        listener.Stop();
        _ = server;
    }
}
