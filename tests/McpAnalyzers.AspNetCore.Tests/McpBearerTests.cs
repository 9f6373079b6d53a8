using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpAnalyzers.AspNetCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpAnalyzers.AspNetCore.Tests;

/// <summary>The bearer scheme in front of a real MCP server, driven by the SDK's real client.</summary>
public sealed class McpBearerTests : IAsyncLifetime
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    private TestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("tools/list")]
    [InlineData("tools/call")]
    [InlineData("resources/list")]
    public async Task NoToken_Is401_ForEveryJsonRpcMethod(string method)
    {
        var body = method == "initialize" ? Initialize : "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}";
        var response = await SendAsync("POST", token: null, body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task MalformedAuthorizationHeaders_Are401()
    {
        foreach (var header in new[] { "Bearer", "Bearer ", "Bearer not.a.jwt", "Basic YWxpY2U6c2VjcmV0", "bearer " + new string('a', 4000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _server.Endpoint) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", header);
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        var issuedLongAgo = new FixedTime(DateTimeOffset.UtcNow.AddDays(-10));
        var token = McpTokens.Mint(TestServer.Options(), "alice", TimeSpan.FromDays(1), issuedLongAgo);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", token)).StatusCode);
    }

    [Fact]
    public async Task WronglySignedToken_Is401()
    {
        var otherKeys = new Dictionary<string, string> { [TestServer.CurrentKey] = Convert.ToBase64String(new byte[32]) };
        var token = McpTokens.Mint(TestServer.Options(keys: otherKeys), "mallory", TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", token)).StatusCode);
    }

    [Fact]
    public async Task WrongAudience_Is401()
    {
        var token = McpTokens.Mint(TestServer.Options(audience: "https://another-server.example/mcp"), "alice", TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", token)).StatusCode);
    }

    [Fact]
    public async Task TokenLongerThan90Days_Is401_EvenWhenCorrectlySigned()
    {
        var now = DateTime.UtcNow;
        var key = new SymmetricSecurityKey(Convert.FromBase64String(TestServer.Keys[TestServer.CurrentKey])) { KeyId = TestServer.CurrentKey };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "test-server",
            Audience = TestServer.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "alice" },
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddDays(365),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", token)).StatusCode);
    }

    [Fact]
    public async Task TokenSignedWithThePreviousKeyVersion_StillWorksDuringRotation()
    {
        var token = McpTokens.Mint(TestServer.Options(currentKey: TestServer.PreviousKey), "bob", TimeSpan.FromDays(30));

        var response = await SendAsync("POST", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ValidToken_CanListAndCallTools_WithTheRealClient()
    {
        var token = McpTokens.Mint(TestServer.Options(), "alice", TimeSpan.FromDays(7));
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = _server.Endpoint,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });

        await using var client = await McpClient.CreateAsync(transport);
        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hello" });

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Equal("echo: hello", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task RealClient_WithoutToken_CannotConnect()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = _server.Endpoint });

        await Assert.ThrowsAnyAsync<Exception>(async () => await McpClient.CreateAsync(transport));
    }

    [Fact]
    public void Mint_RefusesLifetimesOver90Days_AndIncompleteConfiguration()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => McpTokens.Mint(TestServer.Options(), "alice", TimeSpan.FromDays(91)));
        Assert.Contains("90 days", error.Message);

        Assert.Contains("Audience", Assert.Throws<InvalidOperationException>(() => McpTokens.Mint(TestServer.Options(audience: ""), "alice", TimeSpan.FromDays(1))).Message);
        Assert.Contains("CurrentKeyVersion", Assert.Throws<InvalidOperationException>(() => McpTokens.Mint(TestServer.Options(currentKey: "missing"), "alice", TimeSpan.FromDays(1))).Message);
        var shortKey = new Dictionary<string, string> { [TestServer.CurrentKey] = Convert.ToBase64String(new byte[16]) };
        Assert.Contains("32", Assert.Throws<InvalidOperationException>(() => McpTokens.Mint(TestServer.Options(keys: shortKey), "alice", TimeSpan.FromDays(1))).Message);
    }

    [Theory]
    [InlineData("McpAuth:ClockSkew", "3650.00:00:00", "ClockSkew")]
    [InlineData("McpAuth:ClockSkew", "-00:01:00", "ClockSkew")]
    [InlineData("McpAuth:SigningKeys:v0", "c2hvcnQ=", "SigningKeys:v0")] // a retired key of 5 bytes
    [InlineData("McpAuth:SigningKeys:v0", "not base64!", "SigningKeys:v0")]
    public async Task AnUncappedSkewOrAnyBadKey_StopsTheServerAtStart_NotAtTheFirstRequest(string setting, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await (await TestServer.StartAsync(new Dictionary<string, string?> { [setting] = value })).DisposeAsync());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenYearSkew_DoesNotRevive_ATokenThatExpiredLongAgo()
    {
        var options = TestServer.Options();
        var token = McpTokens.Mint(options, "alice", TimeSpan.FromDays(1), new FixedTime(DateTimeOffset.UtcNow.AddDays(-400)));
        options.ClockSkew = TimeSpan.FromDays(3650);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => McpTokens.ValidateAsync(options, token));
        Assert.Contains("ClockSkew", error.Message, StringComparison.Ordinal);
        options.ClockSkew = TimeSpan.FromMinutes(5);
        Assert.False((await McpTokens.ValidateAsync(options, token)).IsValid);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string? token, string body = Initialize)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), _server.Endpoint);
        if (method == "POST")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
