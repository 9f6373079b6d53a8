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
    [InlineData("Process.Start(\"git\", \"gc\")", "starts a process")]
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
    public async Task AProcessMayOnlyRead_SoTheAnnotationIsReported_ButNotRewritten()
    {
        var tools = """
            [McpServerToolType]
            public sealed class FolderTools
            {
                [McpServerTool(Name = "list_folder", {|#0:ReadOnly = true|}), Description("Lists a folder")]
                public string List(string folder) => Process.Start(new ProcessStartInfo("ls", "-l") { RedirectStandardOutput = true })!.StandardOutput.ReadToEnd();
            }
            """;

        await VerifyCS.FixAsync(Usings + tools, Usings + tools, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC072").WithLocation(0));
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
