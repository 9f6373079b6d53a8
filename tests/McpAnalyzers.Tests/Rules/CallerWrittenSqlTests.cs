using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.CallerWrittenSqlAnalyzer, McpAnalyzers.CodeFixes.Rules.CallerWrittenSqlCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC015: the tool runs SQL its caller wrote.</summary>
public class CallerWrittenSqlTests
{
    private const string Usings = """
        using System;
        using System.ComponentModel;
        using System.Linq;
        using System.Threading.Tasks;
        using Dapper;
        using McpAnalyzers.Runtime;
        using Microsoft.Data.Sqlite;
        using Microsoft.EntityFrameworkCore;
        using ModelContextProtocol.Server;
        using Npgsql;

        """;

    private static string Tools(string members) => Usings + $$"""
        System.Console.WriteLine();

        public sealed class AppDb : DbContext { }

        public interface IQueryRunner { Task<int> RunAsync(string sql); }

        public sealed class QueryRunner(NpgsqlDataSource dataSource) : IQueryRunner
        {
            public async Task<int> RunAsync(string sql)
            {
                await using var command = dataSource.CreateCommand({|#9:sql|});
                return await command.ExecuteNonQueryAsync();
            }
        }

        [McpServerToolType]
        public sealed class QueryTools(SqliteConnection sqlite, AppDb db, IQueryRunner runner)
        {
        {{members}}
        }
        """;

    [Theory]
    [InlineData("new SqliteCommand({|#0:query|}, sqlite).ExecuteScalar()")]
    [InlineData("sqlite.Query({|#0:query|})")]
    [InlineData("db.Database.ExecuteSqlRaw({|#0:query|})")]
    [InlineData("db.Database.SqlQueryRaw<int>({|#0:query.Trim()|}).ToList()")]
    public async Task CallerWrittenSql_IsReported(string sink)
    {
        var source = Tools($$"""
                [McpServerTool, Description("Runs a query")]
                public object Run(string query) => {{sink}};
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
    }

    [Fact]
    public async Task SqlPassedToAnInjectedService_IsReportedAtTheServicesSink()
    {
        var source = Tools("""
                [McpServerTool]
                public Task<int> Execute(string statement) => runner.RunAsync(statement);
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data,
            VerifyCS.Diagnostic("MCPSEC015").WithLocation(9).WithArguments("'statement'", "NpgsqlDataSource.CreateCommand",
                "a tool that changes data must not run the caller's statements: offer fixed, parameterised statements (one per change), or an allowlist of statements"));
    }

    [Fact]
    public async Task GuardedConstantAndSplicedSql_AreQuiet()
    {
        var source = Tools("""
                [McpServerTool]
                public object Run(string query, string name, string table)
                {
                    var checkedRows = sqlite.Query(SqlGuard.EnsureReadOnly(query, SqlDialect.Sqlite));
                    var constant = sqlite.Query("SELECT * FROM users WHERE name = @name", new { name });
                    var spliced = sqlite.Query("SELECT * FROM users WHERE name = '" + name + "'"); // MCPSEC011's finding
                    var allowed = table is "users" or "orders" ? sqlite.Query(table) : null;
                    return (checkedRows, constant, spliced, allowed);
                }
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    /// <summary>
    /// A validator written in the application, called before the SQL runs: it rejects (throws, or returns false) on a
    /// check of the text that is more than a keyword prefix or a ';' test. Directly, through an injected interface,
    /// and as a boolean check.
    /// </summary>
    [Fact]
    public async Task ValidatorsThatRejectTheText_GuardTheSqlAfterThem()
    {
        var source = Tools("""
                private static readonly string[] Forbidden = { "INSERT", "UPDATE", "DELETE", "DROP", "ALTER", "EXEC", "MERGE" };

                private static void EnsureSingleSelect(string sql)
                {
                    if (string.IsNullOrWhiteSpace(sql))
                    {
                        throw new ArgumentException("empty query");
                    }

                    var upper = sql.ToUpperInvariant();
                    if (!upper.TrimStart().StartsWith("SELECT") || Forbidden.Any(word => upper.Contains(word)) || upper.Contains(';'))
                    {
                        throw new InvalidOperationException("only one SELECT statement is allowed");
                    }
                }

                private static bool IsReadQuery(string sql)
                    => System.Text.RegularExpressions.Regex.IsMatch(sql, @"^\s*SELECT\s[^;]*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

                [McpServerTool]
                public object Query(string query)
                {
                    EnsureSingleSelect(query);
                    return sqlite.Query(query);
                }

                [McpServerTool]
                public object QueryChecked(string query) => IsReadQuery(query) ? sqlite.Query(query) : "refused";

                [McpServerTool]
                public object QueryTooEarly(string query)
                {
                    var rows = sqlite.Query({|#0:query|});
                    EnsureSingleSelect(query);
                    return rows;
                }
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
    }

    /// <summary>
    /// Known-weak checks are no validator: a keyword prefix admits <c>SELECT 1; DROP TABLE t</c>, a ';' test alone
    /// admits any single write, a null check tests nothing; and a validator of its own reassigned copy proves nothing of
    /// the caller's text.
    /// </summary>
    [Theory]
    [InlineData("if (!sql.TrimStart().StartsWith(\"SELECT\", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException(\"SELECT only\");")]
    [InlineData("if (sql.Contains(';')) throw new InvalidOperationException(\"one statement\");")]
    [InlineData("if (string.IsNullOrEmpty(sql) || sql.Length > 4000) throw new ArgumentException(nameof(sql));")]
    [InlineData("sql = sql.Split('\\n')[0]; if (!System.Text.RegularExpressions.Regex.IsMatch(sql, \"^SELECT [a-z_, ]+ FROM [a-z_]+$\")) throw new InvalidOperationException();")] // checks its own reassigned copy
    public async Task WeakValidators_AreNoGuard(string check)
    {
        var source = Tools($$"""
                private static void Validate(string sql)
                {
                    {{check}}
                }

                [McpServerTool]
                public object Query(string query)
                {
                    Validate(query);
                    return sqlite.Query({|#0:query|});
                }
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
    }

    /// <summary>
    /// A statement assembled around a tool value is not the caller's statement, even when every part is safe (a table
    /// name quoted by a helper that escapes): neither MCPSEC015 nor, being safe, MCPSEC011.
    /// </summary>
    [Fact]
    public async Task SqlAssembledAroundAQuotedToolValue_IsNotCallerWrittenSql()
    {
        var source = Tools("""
                private static string Quote(string name) => "[" + name.Replace("]", "]]") + "]";

                [McpServerTool]
                public object Count(string table) => sqlite.Query($"SELECT COUNT(*) FROM {Quote(table)}");
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    /// <summary>Raw-SQL APIs of an ORM beyond Dapper and EF Core (linq2db): caller-written SQL is reported there too.</summary>
    [Fact]
    public async Task Linq2DbRawSql_IsReported()
    {
        var source = Tools("""
                [McpServerTool]
                public object Run(LinqToDB.IDataContext context, string query)
                {
                    var rows = LinqToDB.Data.DataContextExtensions.Query<int>(context, {|#0:query|});
                    var info = new LinqToDB.Data.CommandInfo(context, {|#1:query|});
                    return (rows, info);
                }
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC015").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC015").WithLocation(1),
        });
    }

    [Fact]
    public async Task Fix_RoutesThroughTheReadOnlyGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public object Run(string query) => sqlite.Query({|#0:query|});
            """).Replace("{|#9:sql|}", "sql");
        var fixedSource = Tools("""
                [McpServerTool]
                public object Run(string query) => sqlite.Query(SqlGuard.EnsureReadOnly(query));
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
    }

    [Theory]
    [InlineData("sqlite.Execute({|#0:statement|})")]
    [InlineData("db.Database.ExecuteSqlRaw({|#0:statement|})")]
    [InlineData("new SqliteCommand({|#0:statement|}, sqlite).ExecuteNonQuery()")]
    public async Task AWriteTool_IsReportedWithTheWriteRemedy_AndGetsNoReadOnlyGuard(string sink)
    {
        var source = Tools($$"""
                [McpServerTool, Description("Applies a change")]
                public int Apply(string statement) => {{sink}};
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
        Assert.EndsWith("a tool that changes data must not run the caller's statements: offer fixed, parameterised statements (one per change), or an allowlist of statements", await MessageAsync(source), StringComparison.Ordinal);
    }

    private static async Task<string> MessageAsync(string source)
    {
        var diagnostics = await TestCompilation.DiagnosticsAsync(new McpAnalyzers.Rules.CallerWrittenSqlAnalyzer(), source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), TestReferences.McpSdk2Data);
        return Assert.Single(diagnostics).GetMessage();
    }

    [Theory]
    [InlineData("""
        using var command = sqlite.CreateCommand();
        command.CommandText = {|#0:procedure|};
        command.CommandType = System.Data.CommandType.StoredProcedure;
        return command.ExecuteScalar();
        """)]
    [InlineData("""
        return sqlite.Query({|#0:procedure|}, commandType: System.Data.CommandType.StoredProcedure);
        """)]
    public async Task ACallerChosenProcedure_IsReportedWithTheAllowlistRemedy_AndGetsNoReadOnlyGuard(string body)
    {
        var source = Tools($$"""
                [McpServerTool]
                public object Call(string procedure)
                {
                    {{body}}
                }
            """).Replace("{|#9:sql|}", "sql");

        var expected = VerifyCS.AnyMessage("MCPSEC015").WithLocation(0);
        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk2Data, expected);
        Assert.EndsWith("allow only known procedures: SqlGuard.Identifier(name, allowedProcedures)", await MessageAsync(source), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueryRunThroughACommand_GetsTheReadOnlyGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public object Run(string query)
                {
                    using var command = sqlite.CreateCommand();
                    command.CommandText = {|#0:query|};
                    return command.ExecuteScalar();
                }
            """).Replace("{|#9:sql|}", "sql");
        var fixedSource = Tools("""
                [McpServerTool]
                public object Run(string query)
                {
                    using var command = sqlite.CreateCommand();
                    command.CommandText = SqlGuard.EnsureReadOnly(query);
                    return command.ExecuteScalar();
                }
            """).Replace("{|#9:sql|}", "sql");

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task Options_AddSinksAndSanitizers(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Data, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public object Run(string query) => Db.Run({|#0:query|});

                [McpServerTool]
                public object Checked(string query) => sqlite.Query(SqlPolicy.Check(query));

                [McpServerTool]
                public object Unchecked(string query) => sqlite.Query({|#1:query|});
            }

            public static class Db
            {
                public static object Run(string sql) => sql;
            }

            public static class SqlPolicy
            {
                public static string Check(string sql) => sql;
            """).Replace("{|#9:sql|}", "sql"));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(
            file,
            "mcpsec.MCPSEC015.extra_sinks = Db.Run(sql)",
            "mcpsec.MCPSEC015.sanitizer_methods = SqlPolicy.Check"));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC015").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC015").WithLocation(1));
        await test.RunAsync();
    }
}
