using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.AnnotationContradictsBehaviorAnalyzer, McpAnalyzers.CodeFixes.Rules.AnnotationContradictsBehaviorCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC072: ReadOnly/Destructive annotations that contradict what the tool does.</summary>
public class AnnotationContradictsBehaviorTests
{
    private const string Usings = """
        using System;
        using System.ComponentModel;
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Server;

        System.Console.WriteLine();

        public interface INoteStore { void Save(string name, string text); string Load(string name); }

        public sealed class FileNoteStore : INoteStore
        {
            public void Save(string name, string text) => File.WriteAllText(Path.Combine("/srv/notes", Path.GetFileName(name)), text);
            public string Load(string name) => File.ReadAllText(Path.Combine("/srv/notes", Path.GetFileName(name)));
        }

        """;

    [Theory]
    [InlineData("File.AppendText(\"/srv/log.txt\")", "writes files")]
    [InlineData("new SqliteCommand(\"INSERT INTO notes (text) VALUES (@t)\", db).ExecuteNonQuery()", "runs non-query SQL")]
    [InlineData("db.Execute(\"UPDATE notes SET text = @text\", new { text })", "runs non-query SQL")]
    [InlineData("db.Query(\"DELETE FROM notes WHERE text = @text RETURNING id\", new { text })", "runs non-query SQL")]
    [InlineData("http.PostAsync(\"https://api.example.com/notes\", new StringContent(text)).Result", "sends non-GET HTTP requests")]
    [InlineData("http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, \"https://api.example.com/notes/1\")).Result", "sends non-GET HTTP requests")]
    public async Task ReadOnlyToolsThatWrite_AreReported(string effect, string what)
    {
        var source = Usings + $$"""
            [McpServerToolType]
            public sealed class NoteTools(SqliteConnection db, HttpClient http)
            {
                [McpServerTool(Name = "note", {|#0:ReadOnly = true|}), Description("Handles a note")]
                public object Note(string text) => {{effect}};
            }
            """;

        var diagnostics = await TestCompilation.DiagnosticsAsync(new McpAnalyzers.Rules.AnnotationContradictsBehaviorAnalyzer(), source.Replace("{|#0:", "").Replace("|}", ""), TestReferences.McpSdk2Data);
        Assert.Contains("it " + what, Assert.Single(diagnostics).GetMessage(), StringComparison.Ordinal);
        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC072").WithLocation(0));
    }

    [Fact]
    public async Task EffectsBehindInjectedServices_AreFound_AndNamed()
    {
        var source = Usings + """
            [McpServerToolType]
            public sealed class NoteTools(INoteStore notes)
            {
                [McpServerTool(Name = "save_note", {|#0:ReadOnly = true|}, {|#1:Destructive = false|}), Description("Saves a note")]
                public string Save(string name, string text)
                {
                    notes.Save(name, text);
                    return "saved";
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.Diagnostic("MCPSEC072").WithLocation(0).WithArguments("save_note", "ReadOnly = true", "writes files", "File.WriteAllText in FileNoteStore.Save"),
            VerifyCS.Diagnostic("MCPSEC072").WithLocation(1).WithArguments("save_note", "Destructive = false", "deletes or overwrites files", "File.WriteAllText in FileNoteStore.Save"),
        });
    }

    [Fact]
    public async Task TruthfulAnnotations_AreQuiet()
    {
        var source = Usings + """
            [McpServerToolType]
            public sealed class NoteTools(INoteStore notes, SqliteConnection db, HttpClient http)
            {
                [McpServerTool(Name = "read_note", ReadOnly = true), Description("Reads a note")]
                public string Read(string name) => notes.Load(name);

                [McpServerTool(ReadOnly = true), Description("Counts notes")]
                public async Task<object> Count(string text)
                {
                    var rows = db.Query("SELECT id FROM notes WHERE text = @text", new { text });
                    var page = await http.GetStringAsync("https://api.example.com/notes");
                    using var stream = File.Open("/srv/notes/index", FileMode.Open, FileAccess.Read);
                    return (rows, page, stream.Length);
                }

                [McpServerTool(Destructive = false), Description("Appends to the journal")]
                public void Append(string text)
                {
                    File.AppendAllText("/srv/journal.txt", text);
                    db.Execute("INSERT INTO notes (text) VALUES (@text)", new { text });
                }

                [McpServerTool(ReadOnly = false, Destructive = true), Description("Deletes a note")]
                public void Delete(string name) => File.Delete(Path.Combine("/srv/notes", Path.GetFileName(name)));

                [McpServerTool, Description("Saves a note")]
                public void Save(string name, string text) => notes.Save(name, text);
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    [Fact]
    public async Task StartingAProcess_IsNoProofOfAWrite()
    {
        var source = Usings + """
            [McpServerToolType]
            public sealed class HostTools
            {
                [McpServerTool(Name = "query_host", ReadOnly = true, Destructive = false), Description("Asks osquery about the host")]
                public string Query()
                {
                    var start = new ProcessStartInfo("osqueryi", "--json \"SELECT name, pid FROM processes\"") { RedirectStandardOutput = true };
                    using var process = Process.Start(start)!;
                    return process.StandardOutput.ReadToEnd();
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    // Every tool calls a gate that compares the request's method with HttpMethod values: nothing is sent with them.
    private const string GatedApi = """
        public sealed class ApiGate(HttpClient http)
        {
            public void Allow(HttpMethod method)
            {
                if (method != HttpMethod.Get && method != HttpMethod.Head)
                {
                    throw new InvalidOperationException("read-only key: " + method);
                }
            }

            public bool IsWrite(HttpRequestMessage request)
                => request.Method == HttpMethod.Post || request.Method == HttpMethod.Put || request.Method.Equals(HttpMethod.Delete);

            public string Describe(HttpMethod method) => method.Method switch
            {
                "POST" => "creates",
                "DELETE" => "removes",
                _ => "reads",
            };

            public async Task<string> Get(string path)
            {
                Allow(HttpMethod.Get);
                using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/" + path);
                if (IsWrite(request)) { Allow(HttpMethod.Post); }
                var response = await http.SendAsync(request);
                return Describe(HttpMethod.Delete) + await response.Content.ReadAsStringAsync();
            }
        }

        """;

    [Fact]
    public async Task HttpMethodsThatAreOnlyCompared_SendNothing()
    {
        var source = Usings + GatedApi + """
            [McpServerToolType]
            public sealed class IssueTools(ApiGate api)
            {
                [McpServerTool(Name = "get_issue", ReadOnly = true, Destructive = false), Description("Reads an issue")]
                public Task<string> Get(int id) => api.Get("issues/" + id);
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    [Theory]
    [InlineData("new HttpRequestMessage { Method = HttpMethod.Put, RequestUri = new Uri(\"https://api.example.com/issues\") }", "HttpMethod.Put")]
    [InlineData("Build(HttpMethod.Delete)", "HttpMethod.Delete")]
    [InlineData("Build(new HttpMethod(\"PATCH\"))", "HttpMethod.Patch")]
    public async Task ARequestSentWithAWritingMethod_IsReported_ThroughLocalsAndHelpers(string request, string member)
    {
        var source = Usings + $$"""
            public sealed class IssueApi(HttpClient http)
            {
                public async Task<string> Send(HttpMethod method, string path)
                {
                    var request = new HttpRequestMessage(method, "https://api.example.com/" + path);
                    using var response = await http.SendAsync(request);
                    return response.StatusCode.ToString();
                }
            }

            [McpServerToolType]
            public sealed class IssueTools(IssueApi api, HttpClient http)
            {
                [McpServerTool(Name = "close_issue", {|#0:ReadOnly = true|}), Description("Closes an issue")]
                public Task<string> Close(int id) => api.Send(HttpMethod.Post, "issues/" + id + "/close");

                [McpServerTool(Name = "label_issue", {|#1:ReadOnly = true|}), Description("Labels an issue")]
                public async Task<string> Label(int id)
                {
                    var message = {{request}};
                    var response = await http.SendAsync(message);
                    return response.StatusCode.ToString();
                }

                private static HttpRequestMessage Build(HttpMethod method) => new(method, "https://api.example.com/labels");
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.Diagnostic("MCPSEC072").WithLocation(0).WithArguments("close_issue", "ReadOnly = true", "sends non-GET HTTP requests", "HttpMethod.Post"),
            VerifyCS.Diagnostic("MCPSEC072").WithLocation(1).WithArguments("label_issue", "ReadOnly = true", "sends non-GET HTTP requests", member),
        });
    }

    [Fact]
    public async Task TypesOfTheApplicationNamedLikeTheLibraries_AreNotEffects()
    {
        var source = """
            using System.ComponentModel;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            System.Console.WriteLine();

            namespace Fakes
            {
                public sealed class HttpClient { public Task<string> PostAsync(string url, string body) => Task.FromResult(url + body); }
                public static class File { public static void WriteAllText(string path, string text) { } }
                public sealed class HttpMethod { public static HttpMethod Delete { get; } = new(); }
                public sealed class HttpRequestMessage { public HttpRequestMessage(HttpMethod method, string url) { } }
            }

            namespace Tools
            {
                using Fakes;

                [McpServerToolType]
                public sealed class DraftTools(HttpClient drafts)
                {
                    [McpServerTool(Name = "preview", ReadOnly = true, Destructive = false), Description("Previews a draft in memory")]
                    public async Task<string> Preview(string text)
                    {
                        File.WriteAllText("draft", text);
                        _ = new HttpRequestMessage(HttpMethod.Delete, "draft");
                        return await drafts.PostAsync("memory://draft", text);
                    }
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    [Fact]
    public async Task Fix_CorrectsTheAnnotations()
    {
        var tools = """
            [McpServerToolType]
            public sealed class NoteTools(INoteStore notes)
            {
                [McpServerTool(Name = "save_note", ANNOTATIONS), Description("Saves a note")]
                public void Save(string name, string text) => notes.Save(name, text);
            }
            """;
        var source = Usings + tools.Replace("ANNOTATIONS", "{|#0:ReadOnly = true|}, {|#1:Destructive = false|}");
        var fixedSource = Usings + tools.Replace("ANNOTATIONS", "ReadOnly = false, Destructive = true");

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC072").WithLocation(0), VerifyCS.AnyMessage("MCPSEC072").WithLocation(1));
    }
}
