using System.Collections.Immutable;
using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;
using McpAnalyzers.CodeFixes.Rules;
using McpAnalyzers.Rules;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpAnalyzers.Tests.Integration;

/// <summary>
/// MCPSEC011 and MCPSEC015 fixes proven on real databases: an injectable tool is compiled and run against SQLite
/// (in process) and PostgreSQL (a real server on 127.0.0.1), our fixes are applied through the Roslyn workspace,
/// and the fixed tool returns the same rows for normal input and treats injection strings as plain values.
/// </summary>
public sealed class FixedSqlAgainstRealDatabasesTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Injection = "x' OR '1'='1";

    private static string Tools(string commandType, string connectionType) => $$"""
        using System.Collections.Generic;
        using System.Data.Common;
        using Dapper;
        using ModelContextProtocol.Server;
        using Microsoft.Data.Sqlite;
        using Npgsql;

        [McpServerToolType]
        public static class CustomerTools
        {
            public static DbConnection Connection = null!;

            [McpServerTool]
            public static List<string> FindAdo(string name)
            {
                using var command = new {{commandType}}($"SELECT name FROM customers WHERE name = '{name}' ORDER BY id", ({{connectionType}})Connection);
                var names = new List<string>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }

                return names;
            }

            [McpServerTool]
            public static List<string> FindDapper(string name, int minId)
                => Connection.Query<string>("SELECT name FROM customers WHERE name = '" + name + "' AND id >= " + minId + " ORDER BY id").AsList();

            [McpServerTool]
            public static List<string> RunQuery(string sql) => Connection.Query<string>(sql).AsList();
        }
        """;

    [Fact]
    public async Task Sqlite_FixedToolsReturnTheSameRows_AndRefuseInjection()
    {
        var file = Path.Combine(Path.GetTempPath(), "mcpanalyzers-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
            await connection.OpenAsync();
            await VerifyAsync(connection, Tools("SqliteCommand", "SqliteConnection"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PostgreSql_FixedToolsReturnTheSameRows_AndRefuseInjection()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await VerifyAsync(connection, Tools("NpgsqlCommand", "NpgsqlConnection"));
    }

    private static async Task VerifyAsync(DbConnection connection, string source)
    {
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS customers");
        await ExecuteAsync(connection, "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO customers (id, name) VALUES (1, 'alice'), (2, 'bob'), (3, 'O''Brien')");

        // The insecure tools work for normal input, and the injection string returns every row.
        var insecure = Load(await CompileAsync(source), connection);
        Assert.Equal(new[] { "alice" }, insecure.Call("FindAdo", "alice"));
        Assert.Equal(new[] { "alice", "bob", "O'Brien" }, insecure.Call("FindAdo", Injection));
        Assert.Equal(new[] { "bob" }, insecure.Call("FindDapper", "bob", 1));

        var fixedSource = await ApplyFixesAsync(source);
        Assert.Contains("AddWithValue(\"@name\", name)", fixedSource, StringComparison.Ordinal);
        Assert.Contains("SqlGuard.EnsureReadOnly(sql)", fixedSource, StringComparison.Ordinal);
        var fixedTools = Load(await CompileAsync(fixedSource), connection);

        // Same rows for normal input; the injection string and a quote are plain values now.
        Assert.Equal(insecure.Call("FindAdo", "alice"), fixedTools.Call("FindAdo", "alice"));
        Assert.Equal(insecure.Call("FindDapper", "bob", 1), fixedTools.Call("FindDapper", "bob", 1));
        Assert.Empty(fixedTools.Call("FindAdo", Injection));
        Assert.Empty(fixedTools.Call("FindDapper", Injection, 0));
        Assert.Equal(new[] { "O'Brien" }, fixedTools.Call("FindAdo", "O'Brien"));

        // Caller-written SQL: queries run, writes and stacked statements are refused and change nothing.
        Assert.Equal(new[] { "alice", "bob", "O'Brien" }, fixedTools.Call("RunQuery", "SELECT name FROM customers ORDER BY id"));
        // (the guard lives in the runtime assembly the fixed tools loaded, so its exception is matched by name)
        Assert.Equal("McpAnalyzers.Runtime.SqlGuardException", Assert.Throws<TargetInvocationException>(() => fixedTools.Call("RunQuery", "DELETE FROM customers")).InnerException?.GetType().FullName);
        Assert.Equal("McpAnalyzers.Runtime.SqlGuardException", Assert.Throws<TargetInvocationException>(() => fixedTools.Call("RunQuery", "SELECT name FROM customers; DROP TABLE customers")).InnerException?.GetType().FullName);
        Assert.Equal(new[] { "alice", "bob", "O'Brien" }, fixedTools.Call("RunQuery", "SELECT name FROM customers ORDER BY id"));
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static ImmutableArray<MetadataReference> References()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(new[]
            {
                typeof(SqliteConnection).Assembly.Location,
                typeof(NpgsqlConnection).Assembly.Location,
                typeof(Dapper.SqlMapper).Assembly.Location,
                typeof(ModelContextProtocol.Server.McpServerToolAttribute).Assembly.Location,
                RuntimeGuardsPath,
            })
            .Distinct(StringComparer.Ordinal);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private static string RuntimeGuardsPath => TestReferences.RuntimeGuards.Display!;

    private static async Task<byte[]> CompileAsync(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Tools" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
        await Task.CompletedTask;
        return stream.ToArray();
    }

    /// <summary>Applies our MCPSEC011/015 fixes one diagnostic at a time until none is left, as an IDE user would.</summary>
    private static async Task<string> ApplyFixesAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Tools", "Tools", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References()));
        var document = workspace.AddDocument(project.Id, "Tools.cs", SourceText.From(source));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new RawSqlTextAnalyzer(), new CallerWrittenSqlAnalyzer());
        var fixers = new Dictionary<string, CodeFixProvider> { ["MCPSEC011"] = new RawSqlTextCodeFix(), ["MCPSEC015"] = new CallerWrittenSqlCodeFix() };
        for (var iteration = 0; iteration < 20; iteration++)
        {
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
            if (diagnostics.IsEmpty)
            {
                return (await document.GetTextAsync()).ToString();
            }

            var diagnostic = diagnostics[0];
            var actions = new List<CodeAction>();
            await fixers[diagnostic.Id].RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            Assert.True(actions.Count > 0, "no fix offered for " + diagnostic);
            var operation = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
            document = operation.ChangedSolution.GetDocument(document.Id)!;
        }

        throw new InvalidOperationException("the fixes did not converge");
    }

    private static LoadedTools Load(byte[] image, DbConnection connection)
    {
        var context = new AssemblyLoadContext("tools", isCollectible: true);
        context.Resolving += (ctx, name) => name.Name == "McpAnalyzers.Runtime" ? ctx.LoadFromAssemblyPath(RuntimeGuardsPath) : null;
        var assembly = context.LoadFromStream(new MemoryStream(image));
        var type = assembly.GetType("CustomerTools")!;
        type.GetField("Connection")!.SetValue(null, connection);
        return new LoadedTools(context, type);
    }

    /// <summary>
    /// The loaded tools and their load context. The context must stay referenced while the tools run: a collectible
    /// context nothing references is finalized and starts unloading, and the runtime assembly the tools resolve on their
    /// first guard call then fails to load ("AssemblyLoadContext is unloading").
    /// </summary>
    private sealed class LoadedTools(AssemblyLoadContext context, Type type)
    {
        public List<string> Call(string method, params object[] arguments)
        {
            var rows = (List<string>)type.GetMethod(method)!.Invoke(null, arguments)!;
            GC.KeepAlive(context); // alive until the call has returned, even where the JIT would end this object's life sooner
            return rows;
        }
    }
}
