using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.RawSqlTextAnalyzer, McpAnalyzers.CodeFixes.Rules.RawSqlTextCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC011: SQL text built from non-constant strings, with or without tool input.</summary>
public class RawSqlTextTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Linq;
        using System.Text;
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

        public sealed class User { public int Id { get; set; } public string Name { get; set; } = ""; }
        public sealed class AppDb : DbContext { public DbSet<User> Users => Set<User>(); }

        [McpServerToolType]
        public sealed class UserTools(NpgsqlDataSource dataSource, SqliteConnection sqlite, AppDb db)
        {
        {{members}}
        }
        """;

    [Theory]
    [InlineData("new NpgsqlCommand({|#0:\"SELECT * FROM users WHERE name = '\" + name + \"'\"|}, null)")]
    [InlineData("new SqliteCommand({|#0:$\"SELECT * FROM users WHERE name = '{name}'\"|})")]
    [InlineData("dataSource.CreateCommand({|#0:string.Format(\"SELECT * FROM users WHERE name = '{0}'\", name)|})")]
    [InlineData("sqlite.Query<User>({|#0:$\"SELECT * FROM users WHERE name = '{name}'\"|})")]
    [InlineData("db.Users.FromSqlRaw({|#0:$\"SELECT * FROM users WHERE name = '{name}'\"|})")]
    [InlineData("db.Database.ExecuteSqlRaw({|#0:\"DELETE FROM users WHERE name = '\" + name + \"'\"|})")]
    public async Task ToolInputSplicedIntoSql_IsReported_AndTheMessageSaysSo(string sink)
    {
        var source = Tools($$"""
                [McpServerTool, Description("Finds users")]
                public object Find(string name) => {{sink}};
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC011").WithLocation(0));
        var diagnostics = await TestCompilation.DiagnosticsAsync(new McpAnalyzers.Rules.RawSqlTextAnalyzer(), source.Replace("{|#0:", "").Replace("|}", ""), TestReferences.McpSdk2Data);
        Assert.Contains("tool input 'name' reaches it", Assert.Single(diagnostics).GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqlBuiltWithoutToolInput_IsStillReported_WithoutClaimingToolInput()
    {
        var source = Usings + """
            System.Console.WriteLine();

            public sealed class Reports
            {
                private readonly string _table = Environment.GetEnvironmentVariable("REPORT_TABLE") ?? "reports";

                public int Count(SqliteConnection connection)
                {
                    var sql = "SELECT count(*) FROM ";
                    sql += _table;
                    using var command = connection.CreateCommand();
                    command.CommandText = {|#0:sql|};
                    return Convert.ToInt32(command.ExecuteScalar());
                }

                public void Purge(SqliteConnection connection, DateTime before)
                {
                    var builder = new StringBuilder("DELETE FROM logs WHERE kind = '");
                    builder.Append(_table).Append('\'');
                    using var command = new SqliteCommand({|#1:builder.ToString()|}, connection);
                    command.ExecuteNonQuery();
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.Diagnostic("MCPSEC011").WithLocation(0).WithArguments("SqliteCommand.CommandText", string.Empty),
            VerifyCS.Diagnostic("MCPSEC011").WithLocation(1).WithArguments("new SqliteCommand", string.Empty),
        });
    }

    [Fact]
    public async Task ConstantsParametersNumbersAndQuotedIdentifiers_AreQuiet()
    {
        var source = Tools("""
                private const string Table = "users";
                private static readonly string Columns = "id, name";

                [McpServerTool]
                public async Task<object> Find(string name, int limit, string sort)
                {
                    await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM {Table} WHERE name = @name LIMIT {limit}");
                    command.Parameters.AddWithValue("name", name);
                    var orderBy = sort switch { "name" => "name", _ => "id" };
                    var ordered = sqlite.Query<User>("SELECT * FROM users ORDER BY " + orderBy);
                    var quoted = sqlite.Query<User>($"SELECT * FROM {SqlGuard.Identifier(sort, new[] { "users", "orders" })} WHERE id = @id", new { id = limit });
                    var placeholders = string.Join(", ", Enumerable.Range(0, limit).Select(i => "@p" + i));
                    var list = sqlite.Query<User>($"SELECT * FROM users WHERE id IN ({placeholders})");
                    var ef = db.Users.FromSql($"SELECT * FROM users WHERE name = {name}").ToList();
                    var efExec = db.Database.ExecuteSql($"UPDATE users SET name = {name} WHERE id = {limit}");
                    var text = "SELECT 1";
                    text += " WHERE 1 = 1";
                    var constant = sqlite.Query<int>(text);
                    return (await command.ExecuteReaderAsync(), ordered, quoted, list, ef, efExec, constant);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data);
    }

    /// <summary>
    /// Quoting helpers of the project: one that doubles its quote character makes a sound identifier or literal, one
    /// that only wraps does not (a name with a ']' closes the bracket); a helper that builds a parameter name from
    /// constants and a number adds no caller text.
    /// </summary>
    [Fact]
    public async Task QuotingHelpersOfTheProject_AreJudgedByWhetherTheyEscape()
    {
        var source = Tools("""
                private static string QuoteIdentifier(string name) => "[" + name.Replace("]", "]]") + "]";
                private static string QuoteLiteral(string text) => $"'{text.Replace("'", "''")}'";
                private static string Bracket(string name) => "[" + name + "]";
                private static string ParameterName(string prefix, int index) => "@" + prefix + index;

                [McpServerTool]
                public object Rows(string table, string column, string value)
                {
                    var a = sqlite.Query($"SELECT {QuoteIdentifier(column)} FROM {QuoteIdentifier(table)} WHERE {QuoteIdentifier(column)} = {ParameterName("p", 0)}", new { p0 = value });
                    var b = sqlite.Query($"SELECT * FROM pragma_table_info({QuoteLiteral(table)})");
                    var c = sqlite.Query({|#0:$"SELECT * FROM {Bracket(table)}"|});
                    return (a, b, c);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC011").WithLocation(0));
    }

    [Fact]
    public async Task AdoFix_UsesParameters()
    {
        var source = Tools("""
                [McpServerTool]
                public object Find(string name, string city)
                {
                    using var command = new NpgsqlCommand({|#0:$"SELECT * FROM users WHERE name = '{name}' AND city = '{city}'"|}, null);
                    return command.ExecuteScalar()!;
                }
            """);
        var fixedSource = Tools("""
                [McpServerTool]
                public object Find(string name, string city)
                {
                    using var command = new NpgsqlCommand("SELECT * FROM users WHERE name = @name AND city = @city", null);
                    command.Parameters.AddWithValue("@name", name);
                    command.Parameters.AddWithValue("@city", city);
                    return command.ExecuteScalar()!;
                }
            """);

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC011").WithLocation(0));
    }

    [Fact]
    public async Task CommandTextFix_AndDapperFix_AndEfFix_Compile()
    {
        var source = Tools("""
                [McpServerTool]
                public object Find(string name, int id)
                {
                    using var command = sqlite.CreateCommand();
                    command.CommandText = {|#0:"SELECT * FROM users WHERE name = '" + name + "' AND id = " + id|};
                    var rows = sqlite.Query<User>({|#1:$"SELECT * FROM users WHERE name = '{name}'"|});
                    var users = db.Users.FromSqlRaw({|#2:$"SELECT * FROM users WHERE name = '{name}'"|}).ToList();
                    return (command.ExecuteScalar(), rows, users);
                }
            """);
        var fixedSource = Tools("""
                [McpServerTool]
                public object Find(string name, int id)
                {
                    using var command = sqlite.CreateCommand();
                    command.CommandText = "SELECT * FROM users WHERE name = @name AND id = @id";
                    command.Parameters.AddWithValue("@name", name);
                    command.Parameters.AddWithValue("@id", id);
                    var rows = sqlite.Query<User>("SELECT * FROM users WHERE name = @name", param: new { name });
                    var users = db.Users.FromSql($"SELECT * FROM users WHERE name = {name}").ToList();
                    return (command.ExecuteScalar(), rows, users);
                }
            """);

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.AnyMessage("MCPSEC011").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC011").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC011").WithLocation(2),
        });
    }

    [Fact]
    public async Task LikePatterns_AreReported_ButNotRewritten()
    {
        var source = Tools("""
                [McpServerTool]
                public object Search(string term) => sqlite.Query<User>({|#0:$"SELECT * FROM users WHERE name LIKE '%{term}%'"|});
            """);

        await VerifyCS.FixAsync(source, source, TestReferences.McpSdk2Data, VerifyCS.AnyMessage("MCPSEC011").WithLocation(0));
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task Options_AddSinksAndSanitizers(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(TestReferences.McpSdk2Data, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public object Find(string name) => Db.Run({|#0:$"SELECT * FROM users WHERE name = '{name}'"|});

                [McpServerTool]
                public object Sorted(string column) => sqlite.Query<User>("SELECT * FROM users ORDER BY " + Sql.Quote(column));

                [McpServerTool]
                public object Grouped(string column) => sqlite.Query<User>({|#1:"SELECT * FROM users GROUP BY " + column|});
            }

            public static class Db
            {
                public static object Run(string sql) => sql;
            }

            public static class Sql
            {
                public static string Quote(string name) => name;
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(
            file,
            "mcpsec.MCPSEC011.extra_sinks = Db.Run(sql)",
            "mcpsec.MCPSEC011.sanitizer_methods = Sql.Quote"));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC011").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC011").WithLocation(1));
        await test.RunAsync();
    }
}
