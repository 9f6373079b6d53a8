using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using McpAnalyzers.TestCorpora;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpAnalyzers.Tests.Integration;

/// <summary>
/// SqlGuard.EnsureReadOnly's accepted corpus (SqlCorpus, shared with McpAnalyzers.Runtime.Tests) proven harmless on
/// real databases: each SQLite query runs on a SQLite file opened read-only, each PostgreSQL query in a read-only
/// PostgreSQL session, and each portable (Ansi) query on both. Every query is first checked by the guard itself (the
/// runtime assembly, loaded as a server would load it), must run without error, and the seeded tables hold the same
/// rows afterwards. The other way round, the function spellings the guard refuses are shown to reach the function on
/// the real servers, so the refusal closes a real bypass rather than a spelling no server accepts.
/// </summary>
public sealed class SqlGuardCorpusAgainstRealDatabasesTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const int SqliteReadOnly = 8; // SQLITE_READONLY

    /// <summary>The runtime guards as an MCP server loads them (the built McpAnalyzers.Runtime.dll), in a context of their own.</summary>
    private static readonly Lazy<(MethodInfo Method, Type Dialect)> Guard = new(() =>
    {
        var assembly = new AssemblyLoadContext("sqlguard-corpus").LoadFromAssemblyPath(TestReferences.RuntimeGuards.Display!);
        var dialect = assembly.GetType("McpAnalyzers.Runtime.SqlDialect", throwOnError: true)!;
        var method = assembly.GetType("McpAnalyzers.Runtime.SqlGuard", throwOnError: true)!.GetMethod("EnsureReadOnly", new[] { typeof(string), dialect })!;
        return (method, dialect);
    });

    [Fact]
    public async Task Sqlite_EveryAcceptedQueryRunsReadOnly_AndChangesNothing()
    {
        var file = Path.Combine(Path.GetTempPath(), "mcpanalyzers-sqlguard-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using (var writable = new SqliteConnection($"Data Source={file};Pooling=false"))
            {
                await writable.OpenAsync();
                foreach (var statement in SqlCorpus.Schema)
                {
                    await ExecuteAsync(writable, statement);
                }
            }

            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
            await connection.OpenAsync();
            var write = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "DELETE FROM users"));
            Assert.Equal(SqliteReadOnly, write.SqliteErrorCode);

            var before = await SnapshotAsync(connection);
            await RunAcceptedAsync(connection, "Sqlite", SqlCorpus.Sqlite);
            await RunAcceptedAsync(connection, "Ansi", SqlCorpus.Ansi);
            Assert.Equal(before, await SnapshotAsync(connection));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PostgreSql_EveryAcceptedQueryRunsReadOnly_AndChangesNothing()
    {
        var schema = "sqlguard_" + Guid.NewGuid().ToString("N");
        await using var owner = new NpgsqlConnection(postgres.ConnectionString);
        await owner.OpenAsync();
        await ExecuteAsync(owner, $"CREATE SCHEMA {schema}");
        try
        {
            await ExecuteAsync(owner, $"SET search_path TO {schema}");
            foreach (var statement in SqlCorpus.Schema)
            {
                await ExecuteAsync(owner, statement);
            }

            await using var session = await ReadOnlySessionAsync(schema);
            Assert.Equal("on", await ScalarAsync(session, "SHOW transaction_read_only"));
            var write = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(session, "DELETE FROM users"));
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, write.SqlState);

            // the state is read through the owner's session, which sees every committed change
            var before = await SnapshotAsync(owner);
            await RunAcceptedAsync(session, "PostgreSql", SqlCorpus.PostgreSql);
            await RunAcceptedAsync(session, "Ansi", SqlCorpus.Ansi);
            Assert.Equal(before, await SnapshotAsync(owner));
        }
        finally
        {
            await ExecuteAsync(owner, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    /// <summary>Each spelling calls pg_sleep on a real server (it waits), and the guard refuses each of them.</summary>
    [Theory]
    [InlineData("SELECT \"pg_sleep\"(0.3)")]
    [InlineData("SELECT \"pg_catalog\".\"pg_sleep\"(0.3)")]
    [InlineData("SELECT pg_catalog . pg_sleep /* comment */ (0.3)")]
    [InlineData("SELECT U&\"pg_\\0073leep\"(0.3)")]
    [InlineData("SELECT U&\"pg_!0073leep\" UESCAPE '!' (0.3)")]
    [InlineData("SELECT pg_catalog.U&\"\\0070g_sleep\"(0.3)")]
    [InlineData("SELECT PG_SLEEP -- comment\n(0.3)")]
    public async Task PostgreSql_RefusedSpellingsReallyCallTheFunction(string sql)
    {
        Assert.Equal("McpAnalyzers.Runtime.SqlGuardException", GuardRefusal(sql, "PostgreSql")?.GetType().FullName);
        Assert.Equal("McpAnalyzers.Runtime.SqlGuardException", GuardRefusal(sql, "Ansi")?.GetType().FullName);

        await using var session = new NpgsqlConnection(postgres.ConnectionString);
        await session.OpenAsync();
        var watch = Stopwatch.StartNew();
        await ExecuteAsync(session, sql);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"{sql} returned after {watch.Elapsed}: it did not sleep");
    }

    /// <summary>
    /// Each spelling resolves to load_extension on a real SQLite, which refuses to load ("not authorized": the driver
    /// keeps extension loading off), while an unknown function fails differently; the guard refuses each of them.
    /// </summary>
    [Theory]
    [InlineData("SELECT \"load_extension\"('/nonexistent/evil.so')")]
    [InlineData("SELECT [load_extension]('/nonexistent/evil.so')")]
    [InlineData("SELECT `LOAD_EXTENSION`('/nonexistent/evil.so')")]
    [InlineData("SELECT load_extension /* comment */ ('/nonexistent/evil.so')")]
    public async Task Sqlite_RefusedSpellingsReallyCallTheFunction(string sql)
    {
        Assert.Equal("McpAnalyzers.Runtime.SqlGuardException", GuardRefusal(sql, "Sqlite")?.GetType().FullName);
        Assert.Equal("McpAnalyzers.Runtime.SqlGuardException", GuardRefusal(sql, "Ansi")?.GetType().FullName);

        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, sql));
        Assert.Contains("not authorized", error.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "SELECT \"load_extensionx\"('/nonexistent/evil.so')"));
        Assert.Contains("no such function", unknown.Message, StringComparison.Ordinal);
    }

    private async Task<NpgsqlConnection> ReadOnlySessionAsync(string schema)
    {
        var session = new NpgsqlConnection(postgres.ConnectionString);
        await session.OpenAsync();
        await ExecuteAsync(session, $"SET search_path TO {schema}");
        await ExecuteAsync(session, "SET statement_timeout = '10s'");
        await ExecuteAsync(session, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        return session;
    }

    /// <summary>Checks each query with the guard, then runs it and reads every row; reports every failure at once.</summary>
    private static async Task RunAcceptedAsync(DbConnection connection, string dialect, IReadOnlyList<string> corpus)
    {
        var failures = new List<string>();
        var ran = 0;
        foreach (var sql in corpus)
        {
            if (GuardRefusal(sql, dialect) is { } refusal)
            {
                failures.Add($"refused by the guard ({dialect}): {sql}\n  {refusal.Message}");
                continue;
            }

            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                        for (var column = 0; column < reader.FieldCount; column++)
                        {
                            _ = reader.GetValue(column);
                        }
                    }
                }
                while (await reader.NextResultAsync());
                ran++;
            }
            catch (DbException exception)
            {
                failures.Add($"failed on the database ({dialect}): {sql}\n  {exception.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(corpus.Count, ran);
    }

    /// <summary>Row counts of the seeded tables (as seeded) and their full content, in key order.</summary>
    private static async Task<string> SnapshotAsync(DbConnection connection)
    {
        var snapshot = new StringBuilder();
        foreach (var (table, rows) in SqlCorpus.SeededTables)
        {
            Assert.Equal(rows, Convert.ToInt32(await ScalarAsync(connection, $"SELECT count(*) FROM {table}")));
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync();
            snapshot.Append(table).Append('\n');
            while (await reader.ReadAsync())
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    snapshot.Append(Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                snapshot.Append('\n');
            }
        }

        return snapshot.ToString();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>What SqlGuard.EnsureReadOnly(sql, dialect) throws, or null when it returns the SQL unchanged.</summary>
    private static Exception? GuardRefusal(string sql, string dialect)
    {
        var (method, dialectType) = Guard.Value;
        try
        {
            var result = method.Invoke(null, new[] { sql, Enum.Parse(dialectType, dialect) });
            Assert.Same(sql, result);
            return null;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            return exception.InnerException;
        }
    }
}
