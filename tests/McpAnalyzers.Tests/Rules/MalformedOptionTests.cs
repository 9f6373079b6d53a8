using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.MalformedOptionAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPA002: an mcpsec.* option whose value does not have the documented form, once per key per compilation.</summary>
public class MalformedOptionTests
{
    private const string Program = "System.Console.WriteLine();";

    private const string MemberForm = "members as Namespace.Type.Method (every string parameter), Namespace.Type.Method(param1|param2) or Namespace.Type..ctor(param), separated by ','";

    private static async Task VerifyAsync((string Path, string Text)[] configFiles, params DiagnosticResult[] expected)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.ConsoleOnly, null);
        test.TestState.Sources.Add(Program);
        foreach (var file in configFiles)
        {
            test.TestState.AnalyzerConfigFiles.Add(file);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task MaxTokenDays_NotANumber_IsReported_WithKeyValueAndForm(OptionFile file)
    {
        await VerifyAsync(
            [OptionFiles.Of(file, "mcpsec.MCPSEC050.max_token_days = ninety")],
            VerifyCS.Diagnostic("MCPA002").WithArguments("mcpsec.MCPSEC050.max_token_days", "ninety", "a whole number of days greater than 0", "the value is ignored (default: 90)"));
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task ExtraSinks_Unparsable_AreReported_WellFormedEntriesAreKept(OptionFile file)
    {
        await VerifyAsync(
            [OptionFiles.Of(file, "mcpsec.MCPSEC010.extra_sinks = My.Storage.Blobs.Read(path|name), Read(path), My.Db.Run(sql")],
            VerifyCS.Diagnostic("MCPA002").WithArguments("mcpsec.MCPSEC010.extra_sinks", "Read(path), My.Db.Run(sql", MemberForm, "these entries are ignored"));
    }

    [Theory]
    [InlineData("mcpsec.max_token_days = 0", "mcpsec.max_token_days", "0", "a whole number of days greater than 0", "the value is ignored (default: 90)")]
    [InlineData("mcpsec.MCPSEC050.max_token_days = 30d", "mcpsec.MCPSEC050.max_token_days", "30d", "a whole number of days greater than 0", "the value is ignored (default: 90)")]
    [InlineData("mcpsec.MCPSEC070.phrase_checks = off", "mcpsec.MCPSEC070.phrase_checks", "off", "true or false", "the value is ignored (default: true)")]
    [InlineData("mcpsec.MCPSEC020.include_test_projects = yes", "mcpsec.MCPSEC020.include_test_projects", "yes", "true or false", "the value is ignored (default: false)")]
    [InlineData("mcpsec.MCPSEC021.include_test_projects = 1", "mcpsec.MCPSEC021.include_test_projects", "1", "true or false", "the value is ignored (default: false)")]
    [InlineData("mcpsec.MCPSEC062.predictable_paths = /mcp /rpc", "mcpsec.MCPSEC062.predictable_paths", "/mcp /rpc", "routes such as /mcp, separated by ','", "the entry is ignored")]
    [InlineData("mcpsec.trusted_types = My Company.ToolContext, MyCompany.Box<T>", "mcpsec.trusted_types", "My Company.ToolContext", "full type names such as MyCompany.Tools.ToolContext, separated by ','", "the entry is ignored")]
    [InlineData("mcpsec.sanitizer_methods = Clean", "mcpsec.sanitizer_methods", "Clean", "methods as Namespace.Type.Method, separated by ','", "the entry is ignored")]
    [InlineData("mcpsec.MCPSEC015.sanitizer_methods = My.Sql.Policy.Check()", "mcpsec.MCPSEC015.sanitizer_methods", "My.Sql.Policy.Check()", "methods as Namespace.Type.Method, separated by ','", "the entry is ignored")]
    [InlineData("mcpsec.extra_sinks = My.Shell.Run(-c)", "mcpsec.extra_sinks", "My.Shell.Run(-c)", MemberForm, "the entry is ignored")]
    public async Task EveryOption_MalformedValue_IsReported(string setting, string key, string value, string form, string consequence)
    {
        await VerifyAsync(
            [OptionFiles.Of(OptionFile.EditorConfig, setting)],
            VerifyCS.Diagnostic("MCPA002").WithArguments(key, value, form, consequence));
    }

    [Fact]
    public async Task SameKey_InTheEditorConfigAndTheGlobalConfig_IsReportedOnce()
    {
        await VerifyAsync(
            [OptionFiles.Of(OptionFile.GlobalConfig, "mcpsec.MCPSEC050.max_token_days = ninety"), OptionFiles.Of(OptionFile.EditorConfig, "mcpsec.MCPSEC050.max_token_days = ninety", "mcpsec.max_token_days = many")],
            VerifyCS.Diagnostic("MCPA002").WithArguments("mcpsec.MCPSEC050.max_token_days", "ninety", "a whole number of days greater than 0", "the value is ignored (default: 90)"),
            VerifyCS.Diagnostic("MCPA002").WithArguments("mcpsec.max_token_days", "many", "a whole number of days greater than 0", "the value is ignored (default: 90)"));
    }

    [Fact]
    public async Task WellFormedOptions_AreQuiet()
    {
        await VerifyAsync(
        [
            OptionFiles.Of(
                OptionFile.EditorConfig,
                "mcpsec.trusted_types = MyCompany.Tools.ToolContext, global::MyCompany.Box<T>, MyCompany.Pair<TKey, TValue>",
                "mcpsec.sanitizer_methods = My.Validation.Paths.Clean",
                "mcpsec.MCPSEC010.extra_sinks = My.Storage.Blobs.Read, My.Storage.Blobs.Write(path|name), My.Storage.Blobs.Copy(from, to), My.Storage.Blob..ctor(path), My.Generic`1.Run",
                "mcpsec.MCPSEC011.extra_sinks = My.Data.Db.Run(sql)",
                "mcpsec.MCPSEC012.sanitizer_methods = My.Validation.Git.BranchName",
                "mcpsec.MCPSEC013.extra_sinks = My.Http.Fetcher.Get(url)",
                "mcpsec.MCPSEC015.sanitizer_methods = My.Data.SqlPolicy.Check",
                "mcpsec.MCPSEC020.include_test_projects = TRUE",
                "mcpsec.MCPSEC050.max_token_days = 30",
                "mcpsec.MCPSEC062.predictable_paths = /, /mcp, /{tenant}/rpc",
                "mcpsec.MCPSEC070.phrase_checks = false",
                "mcpsec.MCPSEC070.extra_phrases = session cookie, send it to",
                "mcpsec.some_future_option = anything",
                "dotnet_diagnostic.MCPSEC062.severity = warning"),
            OptionFiles.Of(OptionFile.GlobalConfig, "mcpsec.MCPSEC021.include_test_projects = false", "mcpsec.max_token_days = 45"),
        ]);
    }

    [Fact]
    public async Task NoOptions_IsQuiet()
    {
        await VerifyCS.AnalyzerAsync(Program, TestReferences.ConsoleOnly);
    }
}
