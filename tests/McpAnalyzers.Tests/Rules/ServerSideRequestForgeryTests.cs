using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.ServerSideRequestForgeryAnalyzer, McpAnalyzers.CodeFixes.Rules.ServerSideRequestForgeryCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC013: tool input choosing where the server connects.</summary>
public class ServerSideRequestForgeryTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using McpAnalyzers.Runtime;
        using ModelContextProtocol.Server;
        using Npgsql;

        """;

    private static string Tools(string members) => Usings + $$"""
        System.Console.WriteLine();

        [McpServerToolType]
        public sealed class WebTools(HttpClient http)
        {
            private static readonly HashSet<string> AllowedHosts = new() { "api.github.com", "docs.example.com" };

        {{members}}
        }
        """;

    [Theory]
    [InlineData("http.GetStringAsync({|#0:url|})")]
    [InlineData("http.GetAsync({|#0:new Uri(url)|})")]
    [InlineData("http.GetFromJsonAsync<object>({|#0:url|})")]
    [InlineData("http.SendAsync(new HttpRequestMessage(HttpMethod.Get, {|#0:url|}))")]
    [InlineData("http.GetStringAsync({|#0:\"https://\" + url + \"/status\"|})")]
    [InlineData("http.GetStringAsync({|#0:$\"https://{url}/status\"|})")]
    [InlineData("http.GetStringAsync({|#0:$\"{url}/status\"|})")]
    [InlineData("http.GetStringAsync({|#0:\"/\" + url|})")]
    [InlineData("http.GetStringAsync(new Uri(new Uri(\"https://api.example.com/\"), {|#0:url|}))")]
    [InlineData("new WebClient().DownloadStringTaskAsync({|#0:url|})")]
    public async Task ToolChosenUrls_AreReported(string sink)
    {
        var source = Tools($$"""
                [McpServerTool, Description("Fetches a page")]
                public async Task<object> Fetch(string url) => await {{sink}};
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC013").WithLocation(0));
    }

    [Fact]
    public async Task ToolChosenConnectionStringsAndRequestUris_AreReported()
    {
        var source = Tools("""
                [McpServerTool]
                public async Task<object> Query(string connectionString, string server, string url)
                {
                    await using var connection = new NpgsqlConnection({|#0:connectionString|});
                    var builder = new NpgsqlConnectionStringBuilder { Host = {|#1:server|}, Database = "app" };
                    await using var dataSource = NpgsqlDataSource.Create({|#2:builder.ConnectionString|});
                    var request = new HttpRequestMessage { RequestUri = {|#3:new Uri(url)|} };
                    return (connection, dataSource, await http.SendAsync(request));
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.Diagnostic("MCPSEC013").WithLocation(0).WithArguments("'connectionString'", "new NpgsqlConnection", "database server"),
            VerifyCS.Diagnostic("MCPSEC013").WithLocation(1).WithArguments("'server'", "NpgsqlConnectionStringBuilder.Host", "database server"),
            VerifyCS.Diagnostic("MCPSEC013").WithLocation(2).WithArguments("'server'", "NpgsqlDataSource.Create", "database server"),
            VerifyCS.Diagnostic("MCPSEC013").WithLocation(3).WithArguments("'url'", "HttpRequestMessage.RequestUri", "host"),
        });
    }

    [Fact]
    public async Task InputConfinedToPathOrQuery_HostChecks_AndGuards_AreQuiet()
    {
        var source = Tools("""
                [McpServerTool]
                public async Task<object> Fetch(string owner, string repo, string query, string url, string page)
                {
                    var a = await http.GetStringAsync($"https://api.github.com/repos/{owner}/{repo}");
                    var b = await http.GetStringAsync("https://api.github.com/search?q=" + query);
                    var c = await http.GetStringAsync($"repos/{owner}/{repo}/issues");
                    var d = await http.GetStringAsync($"/search/{Uri.EscapeDataString(query)}");
                    var e = await http.GetStringAsync(Uri.EscapeDataString(page));
                    var guard = UrlGuard.FromEnvironment("MCP_ALLOWED_HOSTS");
                    var f = await http.GetStringAsync(guard.Check(url));
                    var g = await http.GetStringAsync(await guard.CheckAsync(url));
                    if (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && AllowedHosts.Contains(parsed.Host))
                    {
                        await http.GetStringAsync(parsed);
                    }

                    if (Uri.TryCreate(url, UriKind.Absolute, out var checkedUri) && checkedUri.Host == "docs.example.com")
                    {
                        await http.GetStringAsync(checkedUri);
                    }

                    return (a, b, c, d, e, f, g);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    /// <summary>
    /// A template with a constant host, the tool value substituted into its path or query with Replace, Format or a
    /// composite format: the caller chooses a resource of that host, not the host. A template whose host part is the
    /// placeholder is reported.
    /// </summary>
    [Fact]
    public async Task ConstantHostTemplates_AreQuiet_UnlessThePlaceholderIsTheHost()
    {
        var source = Tools("""
                private const string UserTemplate = "https://api.example.com/users/{id}/repos";
                private static readonly string SearchTemplate = "https://api.example.com/search?q={0}&page={1}";

                [McpServerTool]
                public async Task<object> Fetch(string id, string query, int page, string region, string host)
                {
                    var a = await http.GetStringAsync(UserTemplate.Replace("{id}", id));
                    var b = await http.GetStringAsync(string.Format(SearchTemplate, query, page));
                    var c = await http.GetStringAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, "https://{0}.example.com/v1/status", "eu") + "?q=" + query);
                    var d = await http.GetStringAsync(new Uri(string.Format("https://api.example.com/items/{0}", id)));
                    var e = await http.GetStringAsync({|#0:"https://{host}/v1/status".Replace("{host}", host)|});
                    var f = await http.GetStringAsync({|#1:string.Format("https://{0}/v1/status", region)|});
                    return (a, b, c, d, e, f);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC013").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC013").WithLocation(1),
        });
    }

    /// <summary>
    /// A Uri-typed tool parameter chooses the host like a string does; a tool value that picks the database on the
    /// server (ChangeDatabase, the builder's Database) is reported as such, with no host-check fix.
    /// </summary>
    [Fact]
    public async Task UriParameters_AndTheCallersChoiceOfDatabase_AreReported()
    {
        var source = Tools("""
                [McpServerTool]
                public async Task<object> Fetch(Uri address) => await http.GetStringAsync({|#0:address|});

                [McpServerTool]
                public async Task<object> Tables(NpgsqlConnection connection, string database)
                {
                    await connection.ChangeDatabaseAsync({|#1:database|});
                    var builder = new NpgsqlConnectionStringBuilder { Host = "db.internal", Database = {|#2:database|} };
                    return builder.ConnectionString;
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC013").WithLocation(0),
            VerifyCS.Diagnostic("MCPSEC013").WithLocation(1).WithArguments("'database'", "DbConnection.ChangeDatabaseAsync", "database"),
            VerifyCS.Diagnostic("MCPSEC013").WithLocation(2).WithArguments("'database'", "NpgsqlConnectionStringBuilder.Database", "database"),
        });
    }

    [Fact]
    public async Task TryCreateAndSchemeChecks_AreNoGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public async Task<object?> Fetch(string url)
                {
                    if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "https")
                    {
                        return await http.GetStringAsync({|#0:uri|});
                    }

                    return null;
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC013").WithLocation(0));
    }

    [Fact]
    public async Task Fix_ChecksUrlsAndConnectionStrings()
    {
        var source = Tools("""
                [McpServerTool]
                public async Task<object> Fetch(string url, string connectionString)
                {
                    var text = await http.GetStringAsync({|#0:url|});
                    var response = await http.GetAsync({|#1:new Uri(url)|});
                    await using var connection = new NpgsqlConnection({|#2:connectionString|});
                    return (text, response, connection);
                }
            """);
        var fixedSource = Tools("""
                [McpServerTool]
                public async Task<object> Fetch(string url, string connectionString)
                {
                    var text = await http.GetStringAsync(UrlGuard.FromEnvironment("MCP_ALLOWED_HOSTS").Check(url).AbsoluteUri);
                    var response = await http.GetAsync(UrlGuard.FromEnvironment("MCP_ALLOWED_HOSTS").Check(new Uri(url)));
                    await using var connection = new NpgsqlConnection(UrlGuard.FromEnvironment("MCP_ALLOWED_HOSTS").CheckConnectionString(connectionString));
                    return (text, response, connection);
                }
            """);

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC013").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC013").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC013").WithLocation(2),
        });
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task Options_AddSinksAndSanitizers(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Data, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public object Get(string url) => Fetcher.Get({|#0:url|});

                [McpServerTool]
                public async Task<object> Checked(string url) => await http.GetStringAsync(Egress.Check(url));

                [McpServerTool]
                public async Task<object> Unchecked(string url) => await http.GetStringAsync({|#1:url|});
            }

            public static class Fetcher
            {
                public static object Get(string url) => url;
            }

            public static class Egress
            {
                public static string Check(string url) => url;
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(
            file,
            "mcpsec.MCPSEC013.extra_sinks = Fetcher.Get(url)",
            "mcpsec.MCPSEC013.sanitizer_methods = Egress.Check"));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC013").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC013").WithLocation(1));
        await test.RunAsync();
    }
}
