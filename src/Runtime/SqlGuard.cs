using System.Text;

namespace McpAnalyzers.Runtime;

/// <summary>The SQL dialect whose lexical rules <see cref="SqlGuard"/> applies.</summary>
public enum SqlDialect
{
    /// <summary>
    /// Standard SQL, or a server not known in advance: <see cref="SqlGuard.EnsureReadOnly"/> reads the SQL as each of
    /// the other dialects would (PostgreSQL in both string modes, MySQL in both, SQL Server, SQLite) and refuses what any
    /// of them would refuse, so text that servers read differently is refused. <see cref="SqlGuard.QuoteIdentifier"/>
    /// uses double quotes.
    /// </summary>
    Ansi,

    /// <summary>
    /// PostgreSQL: double-quoted and U&amp;"..." names (Unicode escapes, UESCAPE), dollar-quoted and E'...' strings,
    /// nested block comments, line comments ended by \n or \r. Strings are read with and without backslash escapes
    /// (standard_conforming_strings on or off).
    /// </summary>
    PostgreSql,

    /// <summary>SQL Server: names in brackets or double quotes, nested block comments; statements need no ';' between them.</summary>
    SqlServer,

    /// <summary>
    /// MySQL and MariaDB: names in backticks (or double quotes under ANSI_QUOTES), # comments, -- comments only when
    /// a space follows. Strings are read with and without backslash escapes (the NO_BACKSLASH_ESCAPES mode).
    /// </summary>
    MySql,

    /// <summary>SQLite: names in double quotes, backticks or brackets.</summary>
    Sqlite,
}

/// <summary>Why <see cref="SqlGuard"/> refused an identifier or a statement.</summary>
public enum SqlRefusal
{
    /// <summary>Null, empty or white space.</summary>
    Empty,

    /// <summary>An identifier with control characters, or longer than 128 characters.</summary>
    InvalidIdentifier,

    /// <summary>An identifier that is not in the allowlist.</summary>
    IdentifierNotAllowed,

    /// <summary>More than one statement.</summary>
    MultipleStatements,

    /// <summary>A statement that does not start with SELECT, WITH, VALUES or TABLE.</summary>
    NotAQuery,

    /// <summary>A keyword that writes, changes the schema or settings, or runs code.</summary>
    WriteOrCommand,

    /// <summary>A function that reads files, sleeps, runs commands or reaches other servers.</summary>
    ForbiddenFunction,

    /// <summary>A string, quoted identifier or comment that is never closed.</summary>
    Unterminated,

    /// <summary>
    /// A comment whose content a server acts on: a MySQL/MariaDB executable comment (/*! */, /*!50000 */, /*M! */)
    /// or an optimizer hint (/*+ */, Oracle's --+).
    /// </summary>
    ExecutableComment,

    /// <summary>A query that locks the rows it reads (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE, SQL Server's UPDLOCK).</summary>
    LockingRead,

    /// <summary>
    /// Text that cannot be read safely: a name whose Unicode escapes do not decode, a called name written with Unicode
    /// escapes, a called name with characters past ASCII where the server compares names by collation, a NUL character,
    /// a line comment ended by a lone carriage return.
    /// </summary>
    Ambiguous,
}

/// <summary>Thrown when <see cref="SqlGuard"/> refuses; the message says what, why and what to do.</summary>
public sealed class SqlGuardException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public SqlGuardException(SqlRefusal reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Why it was refused.</summary>
    public SqlRefusal Reason { get; }
}

/// <summary>
/// SQL guards for tools. <see cref="Identifier(string, IEnumerable{string}, SqlDialect)"/> lets a caller choose a
/// table or column from an allowlist and quotes it; <see cref="QuoteIdentifier"/> quotes a name for a dialect.
/// <see cref="EnsureReadOnly"/> is for tools that must accept SQL written by their caller: it refuses anything
/// but one query, with no writes, schema or setting changes, or dangerous functions. It is a second layer: run
/// such SQL on a database login that can only read, so that what the check misses cannot write either.
/// </summary>
public static class SqlGuard
{
    private const int MaxIdentifierLength = 128;

    private static readonly HashSet<string> QueryStarts = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES", "TABLE" };

    private static readonly HashSet<string> WriteKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "DROP", "ALTER", "CREATE", "TRUNCATE", "RENAME", "GRANT", "REVOKE",
        "EXEC", "EXECUTE", "CALL", "DO", "COPY", "ATTACH", "DETACH", "PRAGMA", "VACUUM", "ANALYZE", "REINDEX", "CLUSTER", "LOCK",
        "SET", "RESET", "LOAD", "INTO", "COMMENT", "LISTEN", "NOTIFY", "UNLISTEN", "PREPARE", "DEALLOCATE", "REFRESH", "IMPORT",
        "DECLARE", "SHUTDOWN", "KILL", "BACKUP", "RESTORE", "BULK", "DBCC", "WAITFOR", "OPENROWSET", "OPENDATASOURCE", "OPENQUERY",
        "OUTFILE", "DUMPFILE", "HANDLER", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SECURITY", "OWNER",
    };

    /// <summary>
    /// SQL Server runs statements written one after the other without ';', so a statement keyword anywhere starts one:
    /// these write, change permissions, context or configuration, or loop (WHILE, GOTO) where a query cannot.
    /// </summary>
    private static readonly HashSet<string> SqlServerStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "USE", "DENY", "SETUSER", "REVERT", "RECONFIGURE", "CHECKPOINT", "ENABLE", "DISABLE", "WRITETEXT", "UPDATETEXT",
        "SEND", "RECEIVE", "ADD", "WHILE", "GOTO",
    };

    /// <summary>SQL Server table hints that lock what a query reads.</summary>
    private static readonly HashSet<string> SqlServerLockingHints = new(StringComparer.OrdinalIgnoreCase)
    {
        "UPDLOCK", "XLOCK", "HOLDLOCK", "TABLOCK", "TABLOCKX", "PAGLOCK",
    };

    /// <summary>Compared with the called name normalised for the dialect (unquoted, unescaped, last part, lower case).</summary>
    private static readonly HashSet<string> ForbiddenFunctions = new(StringComparer.Ordinal)
    {
        // PostgreSQL
        "pg_stat_file", "pg_logdir_ls", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
        "pg_promote", "pg_notify", "pg_log_backend_memory_contexts", "pg_start_backup", "pg_stop_backup", "pg_current_xact_id",
        "pg_stat_statements_reset", "txid_current", "set_config", "nextval", "setval", "query_to_xml", "query_to_xmlschema",
        "query_to_xml_and_xmlschema", "cursor_to_xml", "cursor_to_xmlschema", "table_to_xml", "table_to_xmlschema",
        "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema", "database_to_xml",
        "database_to_xmlschema", "database_to_xml_and_xmlschema", "ts_stat", "pg_execute_server_program",
        "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range", "gin_clean_pending_list", "ts_rewrite",
        "pg_wait_for_backend_termination", "pg_log_standby_snapshot", "pg_sync_replication_slots", "lowrite",
        // SQLite (extensions and the command-line shell)
        "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "fsdir", "zipfile",
        // MySQL and MariaDB
        "sleep", "benchmark", "load_file", "get_lock", "release_lock", "release_all_locks", "master_pos_wait", "source_pos_wait",
        "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids", "sys_exec", "sys_eval", "sys_get", "sys_set", "sys_bineval",
        "do_system",
        // SQL Server (also the rowset functions, when quoted as names)
        "fn_get_audit_file", "openrowset", "opendatasource", "openquery",
    };

    private static readonly string[] ForbiddenPrefixes =
    {
        "pg_sleep", "pg_read_", "pg_ls_", "pg_file_", "pg_stat_reset", "pg_advisory", "pg_try_advisory", "pg_create_", "pg_drop_",
        "pg_replication_", "pg_copy_", "pg_logical_", "pg_wal_replay", "pg_backup_", "pg_switch_", "pg_import_", "lo_", "dblink",
        "xp_", "sp_", "fn_xe_", "fn_trace_", "fn_dump_",
    };

    private static readonly SqlReading[] AnsiReadings =
    {
        SqlReading.PostgreSql, SqlReading.Sqlite, SqlReading.SqlServer, SqlReading.MySql, SqlReading.PostgreSqlBackslashEscapes, SqlReading.MySqlNoBackslashEscapes,
    };

    /// <summary>
    /// Quotes <paramref name="identifier"/> for <paramref name="dialect"/> (doubling the quote character inside),
    /// so that it can only ever name an object. Use with <see cref="Identifier(string, IEnumerable{string}, SqlDialect)"/>
    /// when the caller chooses it.
    /// </summary>
    /// <exception cref="SqlGuardException">Empty, too long, or holding control characters.</exception>
    public static string QuoteIdentifier(string identifier, SqlDialect dialect = SqlDialect.Ansi)
    {
        ValidateIdentifier(identifier);
        return dialect switch
        {
            SqlDialect.SqlServer => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]",
            SqlDialect.MySql => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`",
            _ => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        };
    }

    /// <summary>
    /// The allowed identifier that <paramref name="identifier"/> names (compared ignoring case), quoted for
    /// <paramref name="dialect"/>. The allowlist's own spelling is used, never the caller's.
    /// </summary>
    /// <exception cref="SqlGuardException">The identifier is not in <paramref name="allowed"/>.</exception>
    public static string Identifier(string identifier, IEnumerable<string> allowed, SqlDialect dialect = SqlDialect.Ansi)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ValidateIdentifier(identifier);
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, identifier, StringComparison.OrdinalIgnoreCase))
            {
                return QuoteIdentifier(candidate, dialect);
            }
        }

        throw new SqlGuardException(
            SqlRefusal.IdentifierNotAllowed,
            $"The identifier '{Printable(identifier)}' is not allowed here. Allowed: {string.Join(", ", allowed)}. Add it to the allowlist if the tool should accept it.");
    }

    /// <summary>
    /// Returns <paramref name="sql"/> unchanged when it is one read-only query; otherwise throws. The SQL is split into
    /// tokens by the lexical rules of <paramref name="dialect"/> (its strings, quoted names and comments), so that
    /// keywords and calls are seen where the server sees them:
    /// <list type="bullet">
    /// <item>one statement starting with SELECT, WITH, VALUES or TABLE (a ';' may end it); on SQL Server, where
    /// statements need no ';', no statement keyword anywhere (USE, WHILE, DENY...);</item>
    /// <item>no write, schema, permission, setting, transaction or program keyword anywhere outside strings and quoted
    /// names (data-modifying CTEs and SELECT ... INTO included; REPLACE(...) the string function is allowed);</item>
    /// <item>no locking read (FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE, LOCK IN SHARE MODE, SQL Server's
    /// UPDLOCK, XLOCK, HOLDLOCK, TABLOCK, TABLOCKX, PAGLOCK);</item>
    /// <item>no call of a function that sleeps, reads or writes files, runs programs, takes locks, changes settings or
    /// sequences, or reaches other servers. The called name is normalised as the dialect resolves it before the check:
    /// quotes of every kind removed, PostgreSQL's U&amp;"..." escapes decoded (UESCAPE included), the last part of a
    /// qualified name taken (pg_catalog.pg_sleep, master..xp_cmdshell), case folded, and comments or white space before
    /// the parenthesis ignored. A name that cannot be decoded is refused, and so is a called name written with Unicode
    /// escapes at all (no query needs them) or, on MySQL and SQL Server, which compare names by a collation that may
    /// ignore accents or width, a called name with characters past ASCII;</item>
    /// <item>no comment a server acts on, in every dialect: MySQL/MariaDB executable comments (/*! */, /*!50000 */,
    /// /*M! */), whose content the server runs, and optimizer hints (/*+ */, which MySQL, Oracle and PostgreSQL's
    /// pg_hint_plan read, MySQL's SET_VAR changing settings; Oracle's --+). A query needs neither, and the same text sent
    /// to another server than the dialect names would run, so no dialect accepts them.</item>
    /// </list>
    /// Where servers of a dialect read text differently, each reading must pass: PostgreSQL and MySQL strings with and
    /// without backslash escapes (write a quote as '', not \'), and <see cref="SqlDialect.Ansi"/> as every dialect.
    /// A second layer only: run caller-written SQL on a read-only database login, with a statement timeout.
    /// </summary>
    /// <exception cref="SqlGuardException">
    /// Not one query, a write or command keyword, a locking read, a forbidden function, a comment a server acts on,
    /// or text that cannot be read safely; <see cref="SqlGuardException.Reason"/> says which.
    /// </exception>
    public static string EnsureReadOnly(string sql, SqlDialect dialect = SqlDialect.Ansi)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new SqlGuardException(SqlRefusal.Empty, "The SQL text is empty. Send one SELECT query.");
        }

        var readings = dialect switch
        {
            SqlDialect.PostgreSql => new[] { SqlReading.PostgreSql, SqlReading.PostgreSqlBackslashEscapes },
            SqlDialect.MySql => new[] { SqlReading.MySql, SqlReading.MySqlNoBackslashEscapes },
            SqlDialect.SqlServer => new[] { SqlReading.SqlServer },
            SqlDialect.Sqlite => new[] { SqlReading.Sqlite },
            _ => AnsiReadings,
        };

        for (var r = 0; r < readings.Length; r++)
        {
            var reading = readings[r];
            try
            {
                Check(SqlLexer.Read(sql, reading), reading);
            }
            catch (SqlGuardException refused) when (r > 0)
            {
                // Only a later reading refused: say which reading, since the text reads differently there.
                var note = dialect == SqlDialect.Ansi
                    ? $"(Read as {reading.Name} reads it{(reading.Note is null ? string.Empty : ": " + reading.Note)}. SqlDialect.Ansi checks the SQL as PostgreSQL, SQLite, SQL Server and MySQL read it; pass the server's dialect to use its rules only.)"
                    : $"({char.ToUpperInvariant(reading.Note![0])}{reading.Note[1..]}.)";
                throw new SqlGuardException(refused.Reason, refused.Message + " " + note);
            }
        }

        return sql;
    }

    private static void Check(List<SqlToken> tokens, SqlReading reading)
    {
        if (tokens.Count == 0)
        {
            throw new SqlGuardException(SqlRefusal.Empty, "The SQL text holds only comments. Send one SELECT query.");
        }

        var first = 0;
        while (first < tokens.Count && tokens[first].Is('('))
        {
            first++;
        }

        if (first == tokens.Count || tokens[first].Kind != SqlTokenKind.Word || !QueryStarts.Contains(tokens[first].Text))
        {
            var start = first < tokens.Count ? tokens[first].Raw : tokens[0].Raw;
            throw new SqlGuardException(SqlRefusal.NotAQuery, $"Only queries are allowed (SELECT, WITH, VALUES, TABLE); the SQL starts with '{Printable(start)}'.");
        }

        for (var k = 0; k < tokens.Count; k++)
        {
            var token = tokens[k];
            var next = k + 1 < tokens.Count ? tokens[k + 1] : default;
            if (token.Is(';'))
            {
                if (k + 1 < tokens.Count)
                {
                    throw new SqlGuardException(SqlRefusal.MultipleStatements, "Only one statement is allowed; the SQL holds a ';' followed by more text. Send one query.");
                }

                continue;
            }

            if (token.Kind == SqlTokenKind.Word)
            {
                CheckWord(tokens, k, reading);
            }

            if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName && next.Is('('))
            {
                CheckCall(token, reading);
            }
        }
    }

    private static void CheckWord(List<SqlToken> tokens, int k, SqlReading reading)
    {
        var word = tokens[k];
        var next = k + 1 < tokens.Count ? tokens[k + 1] : default;
        if (word.IsWord("FOR") && (next.IsWord("UPDATE") || next.IsWord("SHARE") || next.IsWord("NO") || next.IsWord("KEY")))
        {
            throw new SqlGuardException(SqlRefusal.LockingRead, $"FOR {next.Text.ToUpperInvariant()}... locks the rows the query reads, which blocks writers; a read-only query must not lock. Remove the locking clause.");
        }

        if (word.IsWord("LOCK") && next.IsWord("IN"))
        {
            throw new SqlGuardException(SqlRefusal.LockingRead, "LOCK IN SHARE MODE locks the rows the query reads, which blocks writers; a read-only query must not lock. Remove the locking clause.");
        }

        if (reading.Dialect == SqlDialect.SqlServer && SqlServerLockingHints.Contains(word.Text))
        {
            throw new SqlGuardException(SqlRefusal.LockingRead, $"The table hint {word.Text.ToUpperInvariant()} locks what the query reads, which blocks writers; a read-only query must not lock. Remove the hint.");
        }

        if (word.IsWord("REPLACE") && next.Is('('))
        {
            return; // the string function REPLACE(text, from, to); the statement REPLACE INTO can only start a statement
        }

        if (word.IsWord("SET") && k > 0 && tokens[k - 1].IsWord("CHARACTER"))
        {
            return; // CAST(x AS CHAR CHARACTER SET utf8mb4)
        }

        if (WriteKeywords.Contains(word.Text))
        {
            throw new SqlGuardException(SqlRefusal.WriteOrCommand, $"The keyword {word.Text.ToUpperInvariant()} is not allowed in a read-only query.");
        }

        if (reading.Dialect == SqlDialect.SqlServer && SqlServerStatements.Contains(word.Text))
        {
            throw new SqlGuardException(SqlRefusal.WriteOrCommand, $"The keyword {word.Text.ToUpperInvariant()} is not allowed in a read-only query: SQL Server starts a statement there even without ';'.");
        }
    }

    private static void CheckCall(SqlToken call, SqlReading reading)
    {
        var name = call.Text.Trim();
        if (call.Kind == SqlTokenKind.Word)
        {
            name = name.TrimStart('@', '#');
        }

        var written = call.Raw == name ? string.Empty : $" (written {Printable(call.Raw)})";
        if (reading.Dialect is SqlDialect.MySql or SqlDialect.SqlServer && name.Any(c => c > '\x7f'))
        {
            throw new SqlGuardException(
                SqlRefusal.Ambiguous,
                $"The function name {Printable(name)}{written} holds characters past ASCII; {reading.Name} compares names by a collation that may ignore accents, width or invisible characters, so it may name a forbidden function. Call functions by ASCII names.");
        }

        var folded = name.ToLowerInvariant();
        if (ForbiddenFunctions.Contains(folded) || ForbiddenPrefixes.Any(prefix => folded.StartsWith(prefix, StringComparison.Ordinal)))
        {
            throw new SqlGuardException(
                SqlRefusal.ForbiddenFunction,
                $"The function {folded}{written} is not allowed: it reads files, waits, runs commands, changes state or reaches other servers.");
        }

        if (call.Escaped)
        {
            // No query needs to spell a function with escapes; refusing them keeps the check independent of the decoding.
            throw new SqlGuardException(
                SqlRefusal.Ambiguous,
                $"The function name {Printable(call.Raw)} is written with Unicode escapes. Call functions by their plain names.");
        }
    }

    private static void ValidateIdentifier(string identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            throw new SqlGuardException(SqlRefusal.Empty, "The identifier is empty. Name a table or column.");
        }

        if (identifier.Length > MaxIdentifierLength || identifier.Any(char.IsControl))
        {
            throw new SqlGuardException(SqlRefusal.InvalidIdentifier, $"The identifier '{Printable(identifier)}' is too long or holds control characters.");
        }
    }

    internal static string Printable(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 80));
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return value.Length > 80 ? builder + "..." : builder.ToString();
    }
}
