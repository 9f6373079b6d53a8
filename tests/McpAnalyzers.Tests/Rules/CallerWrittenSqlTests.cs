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
            VerifyCS.Diagnostic("MCPSEC015").WithLocation(9).WithArguments("'statement'", "NpgsqlDataSource.CreateCommand"));
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
}
