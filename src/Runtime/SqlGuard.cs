using System.Text;

namespace McpAnalyzers.Runtime;

/// <summary>The SQL dialect whose quoting rules <see cref="SqlGuard"/> applies.</summary>
public enum SqlDialect
{
    /// <summary>Standard SQL: identifiers in double quotes (PostgreSQL, SQLite, Oracle).</summary>
    Ansi,

    /// <summary>PostgreSQL: double-quoted identifiers, dollar-quoted strings, nested block comments.</summary>
    PostgreSql,

    /// <summary>SQL Server: identifiers in brackets.</summary>
    SqlServer,

    /// <summary>MySQL and MariaDB: identifiers in backticks, backslash escapes in strings.</summary>
    MySql,

    /// <summary>SQLite: double-quoted identifiers.</summary>
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

    private static readonly HashSet<string> ForbiddenFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_logdir_ls",
        "lo_import", "lo_export", "lo_get", "lo_put", "lo_from_bytea", "dblink", "dblink_exec", "dblink_connect", "pg_terminate_backend",
        "pg_cancel_backend", "pg_reload_conf", "set_config", "pg_advisory_lock", "pg_advisory_xact_lock", "nextval", "setval",
        "query_to_xml", "query_to_xml_and_xmlschema", "table_to_xml", "pg_execute_server_program",
        "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer",
        "sleep", "benchmark", "load_file", "sys_exec", "sys_eval", "get_lock",
        "xp_cmdshell", "xp_dirtree", "xp_fileexist", "xp_regread", "sp_executesql", "sp_oacreate", "sp_oamethod", "sp_configure",
        "sp_addextendedproc", "sp_send_dbmail", "fn_xe_file_target_read_file", "fn_get_audit_file",
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
    /// Returns <paramref name="sql"/> unchanged when it is one read-only query; otherwise throws. Keywords are
    /// found outside strings, quoted identifiers and comments, for the quoting rules of <paramref name="dialect"/>.
    /// A second layer only: run caller-written SQL on a read-only database login.
    /// </summary>
    /// <exception cref="SqlGuardException">Not one query, a write or command keyword, or a forbidden function.</exception>
    public static string EnsureReadOnly(string sql, SqlDialect dialect = SqlDialect.Ansi)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new SqlGuardException(SqlRefusal.Empty, "The SQL text is empty. Send one SELECT query.");
        }

        var words = Tokenize(sql, dialect);
        if (words.Count == 0)
        {
            throw new SqlGuardException(SqlRefusal.Empty, "The SQL text holds only comments. Send one SELECT query.");
        }

        if (!QueryStarts.Contains(words[0].Text))
        {
            throw new SqlGuardException(SqlRefusal.NotAQuery, $"Only queries are allowed (SELECT, WITH, VALUES, TABLE); the SQL starts with '{words[0].Text}'.");
        }

        foreach (var word in words)
        {
            if (word.IsSeparator)
            {
                throw new SqlGuardException(SqlRefusal.MultipleStatements, "Only one statement is allowed; the SQL holds a ';' followed by more text. Send one query.");
            }

            if (WriteKeywords.Contains(word.Text))
            {
                throw new SqlGuardException(SqlRefusal.WriteOrCommand, $"The keyword {word.Text.ToUpperInvariant()} is not allowed in a read-only query.");
            }

            if (word.IsCall && (ForbiddenFunctions.Contains(word.Text) || word.Text.StartsWith("xp_", StringComparison.OrdinalIgnoreCase) || word.Text.StartsWith("sp_", StringComparison.OrdinalIgnoreCase)))
            {
                throw new SqlGuardException(SqlRefusal.ForbiddenFunction, $"The function {word.Text} is not allowed: it reads files, waits, runs commands, changes state or reaches other servers.");
            }
        }

        return sql;
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

    private readonly record struct Word(string Text, bool IsCall, bool IsSeparator);

    /// <summary>The words (keywords and names) outside literals and comments, and statement separators followed by more text.</summary>
    private static List<Word> Tokenize(string sql, SqlDialect dialect)
    {
        var words = new List<Word>();
        var i = 0;
        var pendingSeparator = false;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && At(sql, i + 1, '-') || (c == '#' && dialect == SqlDialect.MySql))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }

            if (c == '/' && At(sql, i + 1, '*'))
            {
                i = SkipBlockComment(sql, i, nested: dialect == SqlDialect.PostgreSql || dialect == SqlDialect.Ansi);
                continue;
            }

            if (pendingSeparator)
            {
                words.Add(new Word(";", false, true));
                pendingSeparator = false;
            }

            switch (c)
            {
                case ';':
                    pendingSeparator = true;
                    i++;
                    continue;
                case '\'':
                    i = SkipQuoted(sql, i, '\'', backslashEscapes: dialect == SqlDialect.MySql || (i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && dialect is SqlDialect.PostgreSql or SqlDialect.Ansi));
                    continue;
                case '"':
                    i = SkipQuoted(sql, i, '"', backslashEscapes: dialect == SqlDialect.MySql);
                    continue;
                case '`':
                    i = SkipQuoted(sql, i, '`', backslashEscapes: false);
                    continue;
                case '[' when dialect is SqlDialect.SqlServer or SqlDialect.Sqlite or SqlDialect.Ansi:
                    i = SkipQuoted(sql, i, ']', backslashEscapes: false);
                    continue;
                case '$' when TryDollarTag(sql, i, out var tag):
                {
                    var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw Unterminated("dollar-quoted string");
                    }

                    i = close + tag.Length;
                    continue;
                }
            }

            if (char.IsLetter(c) || c == '_' || c == '@')
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$' or '@'))
                {
                    i++;
                }

                var text = sql[start..i].TrimStart('@');
                var next = i;
                while (next < sql.Length && char.IsWhiteSpace(sql[next]))
                {
                    next++;
                }

                // a name qualified by a schema (pg_catalog.pg_sleep) is judged by its last part
                var qualified = start > 0 && sql[start - 1] == '.';
                var isCall = At(sql, next, '(');
                if (!qualified || isCall)
                {
                    words.Add(new Word(text, isCall, false));
                }

                continue;
            }

            i++;
        }

        return words;
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static int SkipQuoted(string sql, int start, char close, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == close)
            {
                if (At(sql, i + 1, close))
                {
                    i += 2; // doubled quote
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        throw Unterminated(close == '\'' ? "string" : "quoted identifier");
    }

    private static int SkipBlockComment(string sql, int start, bool nested)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length - 1)
        {
            if (sql[i] == '/' && sql[i + 1] == '*' && (nested || depth == 0))
            {
                depth++;
                i += 2;
                continue;
            }

            if (sql[i] == '*' && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }

                continue;
            }

            i++;
        }

        throw Unterminated("comment");
    }

    private static bool TryDollarTag(string sql, int start, out string tag)
    {
        tag = string.Empty;
        var i = start + 1;
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        if (i < sql.Length && sql[i] == '$' && (i == start + 1 || !char.IsDigit(sql[start + 1])))
        {
            tag = sql[start..(i + 1)];
            return true;
        }

        return false;
    }

    private static SqlGuardException Unterminated(string what)
        => new(SqlRefusal.Unterminated, $"The SQL holds a {what} that is never closed.");

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
