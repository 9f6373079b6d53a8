namespace McpAnalyzers.TestCorpora;

/// <summary>
/// Legitimate read-only queries per dialect that SqlGuard.EnsureReadOnly must accept, and the tables they read.
/// Shared: McpAnalyzers.Runtime.Tests checks that the guard accepts every query; McpAnalyzers.Tests (which links this
/// file) runs the SQLite, PostgreSQL and Ansi queries on real databases opened read-only and checks that they run and
/// change nothing. The strings are plain text so that both projects compile them without the runtime's types.
/// </summary>
internal static class SqlCorpus
{
    /// <summary>Creates and fills the tables the queries read; valid SQL for SQLite and PostgreSQL alike.</summary>
    public static readonly string[] Schema =
    {
        "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text, created_at timestamp NOT NULL)",
        "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), total numeric(10, 2) NOT NULL, status text NOT NULL, created_at timestamp NOT NULL)",
        "CREATE TABLE audit_columns (id integer PRIMARY KEY, \"update\" text, \"delete\" text, \"into\" text, \"sleep\" text)",
        "INSERT INTO users (id, name, email, created_at) VALUES (1, 'alice', 'alice@example.com', '2024-01-05 10:00:00'), (2, 'bob', NULL, '2024-02-10 08:30:00'), (3, 'O''Brien', 'ob@example.com', '2024-03-01 12:00:00')",
        "INSERT INTO orders (id, user_id, total, status, created_at) VALUES (1, 1, 19.90, 'paid', '2024-01-06 09:00:00'), (2, 1, 5.00, 'refunded', '2024-01-07 10:00:00'), (3, 2, 120.00, 'paid', '2024-02-11 11:00:00'), (4, 3, 42.50, 'pending', '2024-03-02 13:00:00')",
        "INSERT INTO audit_columns (id, \"update\", \"delete\", \"into\", \"sleep\") VALUES (1, 'u', 'd', 'i', 's')",
    };

    /// <summary>The seeded tables and their row counts.</summary>
    public static readonly (string Table, int Rows)[] SeededTables = { ("users", 3), ("orders", 4), ("audit_columns", 1) };

    /// <summary>Portable queries: accepted as SqlDialect.Ansi (every dialect's reading) and run on SQLite and PostgreSQL.</summary>
    public static readonly string[] Ansi =
    {
        "SELECT id, name FROM users WHERE name = 'O''Brien'",
        "SELECT u.name, count(o.id) AS order_count FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.name ORDER BY u.name",
        "WITH paid AS (SELECT * FROM orders WHERE status = 'paid') SELECT user_id, sum(total) AS paid_total FROM paid GROUP BY user_id",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n",
        "SELECT id, total, row_number() OVER (PARTITION BY user_id ORDER BY total DESC) AS position, sum(total) OVER (ORDER BY id) AS running FROM orders",
        "SELECT 'DELETE FROM users; DROP TABLE users' AS note",
        "SELECT '/*! sleep(5) */ and /*+ hint */ and $$' AS text, ';' AS semicolon, '--+' AS dashes",
        "SELECT \"update\", \"delete\", \"into\", \"sleep\" FROM audit_columns",
        "SELECT replace(name, 'O''', 'O') AS plain FROM users",
        "SELECT upper(name), \"lower\"(name) FROM users",
        "SELECT id FROM users /* a block comment; DELETE FROM users */ WHERE id > 1",
        "SELECT id -- a line comment; DROP TABLE users\nFROM users",
        "SELECT 1;",
        "SELECT 1; -- trailing comment",
        "VALUES (1, 'one'), (2, 'two')",
        "SELECT u.name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'paid')",
        "SELECT id FROM users ORDER BY id LIMIT 2 OFFSET 1",
        "SELECT count(*) FROM orders WHERE total BETWEEN 10 AND 100",
        "SELECT substr(name, 1, 3), length(name) FROM users",
        "SELECT CASE WHEN total > 50 THEN 'big' ELSE 'small' END AS size FROM orders",
        "SELECT id, name FROM users UNION ALL SELECT id, status FROM orders",
        "SELECT coalesce(email, 'none') FROM users WHERE name IN ('alice', 'bob')",
        "SELECT 'It''s a \"quote\" and a [bracket] and a `tick`' AS text",
    };

    /// <summary>PostgreSQL queries: run on a real PostgreSQL server.</summary>
    public static readonly string[] PostgreSql =
    {
        "SELECT id, name FROM users WHERE name = 'O''Brien'",
        "SELECT u.name, count(o.id) AS order_count FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.name ORDER BY u.name",
        "WITH paid AS (SELECT * FROM orders WHERE status = 'paid') SELECT user_id, sum(total) FROM paid GROUP BY user_id",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n",
        "SELECT id, total, row_number() OVER (PARTITION BY user_id ORDER BY total DESC) AS rank, sum(total) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders",
        "SELECT 'DELETE FROM users; DROP TABLE users' AS note",
        "SELECT '/*! sleep(5) */ and /*+ Set(enable_seqscan off) */' AS text, ';' AS semicolon",
        "SELECT \"update\", \"delete\", \"into\", \"sleep\" FROM audit_columns",
        "SELECT U&\"n\\0061me\" FROM users",
        "SELECT U&\"n!0061me\" UESCAPE '!' FROM users",
        "SELECT $body$ DELETE FROM users; $body$ AS text",
        "SELECT E'it\\'s; DROP TABLE users' AS text",
        "SELECT replace(name, 'O''', 'O') FROM users",
        "SELECT pg_catalog.lower(name), \"upper\"(name), pg_catalog.\"length\"(name) FROM users",
        "SELECT id FROM users /* outer /* nested */ still a comment; DELETE FROM users */ WHERE id > 1",
        "SELECT id -- a line comment; DROP TABLE users\nFROM users",
        "SELECT 1;",
        "SELECT 1; -- trailing comment",
        "VALUES (1, 'one'), (2, 'two')",
        "TABLE users",
        "SELECT DISTINCT ON (user_id) user_id, total FROM orders ORDER BY user_id, total DESC",
        "SELECT u.name, o.total FROM users u CROSS JOIN LATERAL (SELECT total FROM orders WHERE user_id = u.id ORDER BY total DESC LIMIT 1) o",
        "SELECT count(*) FILTER (WHERE status = 'paid') AS paid FROM orders",
        "SELECT id FROM users WHERE created_at > now() - interval '1 day'",
        "SELECT string_agg(name, ', ' ORDER BY name) FROM users",
        "SELECT id FROM users ORDER BY id FETCH FIRST 2 ROWS ONLY",
        "SELECT substring(name FOR 3) FROM users",
        "(SELECT id FROM users) UNION (SELECT user_id FROM orders) ORDER BY 1",
        "SELECT id FROM users WHERE name ILIKE 'a%' AND email IS NOT NULL",
        "SELECT jsonb_build_object('id', id, 'name', name) FROM users",
        "SELECT id FROM users FOR READ ONLY",
        "SELECT 'x' AS sleep, 1 AS pg_sleep, current_setting('transaction_read_only') AS read_only",
    };

    /// <summary>SQLite queries: run on a real SQLite database opened read-only.</summary>
    public static readonly string[] Sqlite =
    {
        "SELECT id, name FROM users WHERE name = 'O''Brien'",
        "SELECT u.name, count(o.id) AS order_count FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.name ORDER BY u.name",
        "WITH paid AS (SELECT * FROM orders WHERE status = 'paid') SELECT user_id, sum(total) FROM paid GROUP BY user_id",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n",
        "SELECT id, total, row_number() OVER (PARTITION BY user_id ORDER BY total DESC) AS position, sum(total) OVER (ORDER BY id) AS running FROM orders",
        "SELECT 'DELETE FROM users; DROP TABLE users' AS note",
        "SELECT '/*! sleep(5) */ and /*+ hint */' AS text, ';' AS semicolon",
        "SELECT \"update\", \"delete\", \"into\", \"sleep\" FROM audit_columns",
        "SELECT [update], [delete] FROM audit_columns",
        "SELECT `into`, `sleep` FROM audit_columns",
        "SELECT replace(name, 'O''', 'O') FROM users",
        "SELECT \"upper\"(name), [lower](name), `length`(name) FROM users",
        "SELECT id FROM users /* a comment; DELETE FROM users */ WHERE id > 1",
        "SELECT id -- a line comment; DROP TABLE users\nFROM users",
        "SELECT 1 AS one --\r; SQLite ends a line comment at a line feed only: DELETE FROM users",
        "SELECT 1;",
        "VALUES (1, 'one'), (2, 'two')",
        "SELECT group_concat(name, ';') FROM users",
        "SELECT strftime('%Y-%m', created_at) AS month, count(*) FROM orders GROUP BY month",
        "SELECT iif(total > 50, 'big', 'small') FROM orders",
        "SELECT u.name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'paid')",
        "SELECT id FROM users ORDER BY id LIMIT 2 OFFSET 1",
        "SELECT json_object('id', id, 'name', name) FROM users",
        "SELECT id FROM users WHERE name LIKE '%\\%' ESCAPE '\\'",
        "SELECT count(*) FROM orders WHERE total BETWEEN 10 AND 100",
        "SELECT substr(name, 1, 3) FROM users",
        "SELECT id, name FROM users UNION ALL SELECT id, status FROM orders",
        "SELECT id FROM users WHERE created_at > datetime('now', '-1 day')",
        "SELECT name, type FROM pragma_table_info('users')",
    };

    /// <summary>MySQL and MariaDB queries (checked by the guard only: no MySQL server in the tests).</summary>
    public static readonly string[] MySql =
    {
        "SELECT id, name FROM users WHERE name = 'O''Brien'",
        "SELECT id FROM users WHERE name = \"O'Brien\"",
        "SELECT u.name, COUNT(o.id) AS order_count FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.name ORDER BY u.name",
        "WITH paid AS (SELECT * FROM orders WHERE status = 'paid') SELECT user_id, SUM(total) FROM paid GROUP BY user_id",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n",
        "SELECT id, total, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY total DESC) AS position FROM orders",
        "SELECT 'DELETE FROM users; DROP TABLE users' AS note",
        "SELECT '/*! sleep(5) */ and /*+ SET_VAR(sql_mode = \\'\\') */' AS text, ';' AS semicolon",
        "SELECT `update`, `delete`, `into`, `sleep` FROM audit_columns",
        "SELECT \"delete\" AS word, 'It''s' AS quoted, \"say \"\"hi\"\"\" AS doubled",
        "SELECT REPLACE(name, 'a', 'b') FROM users",
        "SELECT 1--1 AS two",
        "SELECT id FROM users # a hash comment; DROP TABLE users\nWHERE id > 1",
        "SELECT id FROM users -- a line comment; DROP TABLE users\nWHERE id > 1",
        "SELECT id FROM users /* a comment with /*! inside is not executable */ WHERE id > 1",
        "SELECT 'C:\\\\temp\\\\' AS path",
        "SELECT GROUP_CONCAT(name ORDER BY name SEPARATOR ';') FROM users",
        "SELECT DATE_SUB(NOW(), INTERVAL 1 DAY)",
        "SELECT IF(total > 50, 'big', 'small'), IFNULL(status, '') FROM orders",
        "SELECT CAST(name AS CHAR CHARACTER SET utf8mb4) FROM users",
        "SELECT id FROM users ORDER BY id LIMIT 5 OFFSET 1",
        "SELECT JSON_OBJECT('id', id, 'name', name) FROM users",
        "SELECT @@version, @rows",
        "SELECT _utf8mb4'text', X'4142', b'101'",
        "VALUES ROW(1, 'one'), ROW(2, 'two')",
        "TABLE users",
        "SELECT 1;",
    };

    /// <summary>SQL Server queries (checked by the guard only: no SQL Server in the tests).</summary>
    public static readonly string[] SqlServer =
    {
        "SELECT id, name FROM users WHERE name = N'O''Brien'",
        "SELECT TOP 10 u.name, o.total FROM users AS u INNER JOIN orders AS o ON o.user_id = u.id ORDER BY o.total DESC",
        "WITH paid AS (SELECT * FROM orders WHERE status = 'paid') SELECT user_id, SUM(total) FROM paid GROUP BY user_id",
        "WITH n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n OPTION (MAXRECURSION 10)",
        "SELECT id, total, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY total DESC) AS position FROM orders",
        "SELECT 'DELETE FROM users; DROP TABLE users' AS note",
        "SELECT '/*! sleep(5) */ and /*+ hint */' AS text, ';' AS semicolon",
        "SELECT [update], [delete], [into], \"sleep\" FROM audit_columns",
        "SELECT [xp_cmdshell], [sp_who] FROM legacy_columns",
        "SELECT [we]]ird] FROM audit_columns",
        "SELECT * FROM users WITH (NOLOCK) WHERE id = 1",
        "SELECT id, name FROM users ORDER BY id OFFSET 0 ROWS FETCH NEXT 10 ROWS ONLY",
        "SELECT id, name FROM users FOR JSON PATH",
        "SELECT STUFF((SELECT ',' + name FROM users FOR XML PATH('')), 1, 1, '')",
        "SELECT u.name, x.total FROM users u CROSS APPLY (SELECT TOP 1 total FROM orders WHERE user_id = u.id ORDER BY total DESC) x",
        "SELECT STRING_AGG(name, ';') FROM users",
        "SELECT IIF(total > 50, 'big', 'small'), DATEADD(day, -1, GETDATE()) FROM orders",
        "SELECT id FROM users /* outer /* nested */ still a comment; DELETE FROM users */ WHERE id > 1",
        "SELECT id FROM users -- a line comment; DROP TABLE users\r\nWHERE id > 1",
        "SELECT REPLACE(name, 'a', 'b') FROM users",
        "SELECT CONVERT(varchar(10), created_at, 120) FROM users",
        "SELECT * FROM #recent",
        "SELECT @@ROWCOUNT, @limit",
        "SELECT name FROM sys.objects WHERE type = 'U'",
        "SELECT [order].[id] FROM [dbo].[order]",
        "SELECT o.id FROM orders o WHERE o.total > (SELECT AVG(total) FROM orders)",
        "SELECT 1;",
    };
}
