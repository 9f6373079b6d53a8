using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.TokenPassthroughAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC052: the caller's token forwarded to another service.</summary>
public class TokenPassthroughTests
{
    private const string Usings = """
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Net.Http.Headers;

        System.Console.WriteLine();

        """;

    [Fact]
    public async Task InboundHeaderOrToken_OnOutboundRequests_IsReported()
    {
        var source = Usings + """
            public sealed class Upstream(IHttpContextAccessor accessor, HttpClient client)
            {
                public async Task<string> Call(HttpContext context)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/data");
                    {|#0:request.Headers.Authorization = AuthenticationHeaderValue.Parse(context.Request.Headers.Authorization!)|};
                    var token = await context.GetTokenAsync("access_token");
                    {|#1:client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    var raw = accessor.HttpContext!.Request.Headers[HeaderNames.Authorization].ToString();
                    request.Headers.TryAddWithoutValidation("Authorization", {|#2:raw|});
                    if (context.Request.Headers.TryGetValue("Authorization", out var values))
                    {
                        request.Headers.Add("Authorization", {|#3:values.ToString()|});
                    }

                    return await (await client.SendAsync(request)).Content.ReadAsStringAsync();
                }
            }

            public sealed class ForwardingHandler(IHttpContextAccessor accessor) : DelegatingHandler
            {
                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var inbound = accessor.HttpContext?.Request.Headers["Authorization"].ToString();
                    {|#4:request.Headers.Authorization = AuthenticationHeaderValue.Parse(inbound!)|};
                    return base.SendAsync(request, cancellationToken);
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.Diagnostic("MCPSEC052").WithLocation(0).WithArguments("Authorization header"),
            VerifyCS.Diagnostic("MCPSEC052").WithLocation(1).WithArguments("access token (GetTokenAsync)"),
            VerifyCS.AnyMessage("MCPSEC052").WithLocation(2),
            VerifyCS.AnyMessage("MCPSEC052").WithLocation(3),
            VerifyCS.AnyMessage("MCPSEC052").WithLocation(4),
        });
    }

    [Fact]
    public async Task OwnCredentialsAndOtherHeaders_AreQuiet()
    {
        var source = Usings + """
            public sealed class Upstream(HttpClient client)
            {
                public async Task<string> Call(HttpContext context, string serviceToken)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/data");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceToken);
                    request.Headers.Add("X-Correlation-Id", context.Request.Headers["X-Correlation-Id"].ToString());
                    request.Headers.Add("Authorization", "Bearer " + System.Environment.GetEnvironmentVariable("UPSTREAM_TOKEN"));
                    var user = context.User.Identity?.Name;
                    request.Headers.Add("X-User", user);
                    context.Response.Headers.Authorization = "n/a";
                    return await (await client.SendAsync(request)).Content.ReadAsStringAsync();
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }
}
