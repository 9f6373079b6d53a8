using System.Globalization;
using System.Text;

namespace McpAnalyzers.Runtime;

/// <summary>What a token of <see cref="SqlLexer"/> is.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted keyword or name (SQL Server's @variables and #temp tables included).</summary>
    Word,

    /// <summary>A quoted name ("x", `x`, [x], U&amp;"x"); its text is the name it denotes.</summary>
    QuotedName,

    /// <summary>A string literal.</summary>
    String,

    /// <summary>A number or a positional parameter.</summary>
    Number,

    /// <summary>Any other character: an operator, a parenthesis, a separator.</summary>
    Punctuation,
}

/// <summary>
/// A token: <paramref name="Text"/> is what it means (the word, the unquoted name), <paramref name="Raw"/> as written;
/// <paramref name="Escaped"/> for a name written with Unicode escapes (PostgreSQL's U&amp;"\0070...").
/// </summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, string Raw, bool Escaped = false)
{
    public bool Is(char punctuation) => Kind == SqlTokenKind.Punctuation && Text.Length == 1 && Text[0] == punctuation;

    public bool IsWord(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// One way a server may read SQL text: the dialect's lexical rules (never <see cref="SqlDialect.Ansi"/>), and whether a
/// backslash escapes the next character in '...' strings. A dialect whose servers differ on that (a setting, a mode)
/// is checked under each reading.
/// </summary>
internal sealed record SqlReading(SqlDialect Dialect, bool BackslashEscapes, string Name, string? Note)
{
    public static readonly SqlReading PostgreSql = new(SqlDialect.PostgreSql, false, "PostgreSQL", null);

    public static readonly SqlReading PostgreSqlBackslashEscapes = new(
        SqlDialect.PostgreSql, true, "PostgreSQL", "read as PostgreSQL with standard_conforming_strings off, where a backslash escapes a quote in every string; write a quote inside a string as ''");

    public static readonly SqlReading MySql = new(SqlDialect.MySql, true, "MySQL", null);

    public static readonly SqlReading MySqlNoBackslashEscapes = new(
        SqlDialect.MySql, false, "MySQL", "read as MySQL in the NO_BACKSLASH_ESCAPES or ANSI_QUOTES mode, where a backslash does not escape a quote; write a quote inside a string as ''");

    public static readonly SqlReading SqlServer = new(SqlDialect.SqlServer, false, "SQL Server", null);

    public static readonly SqlReading Sqlite = new(SqlDialect.Sqlite, false, "SQLite", null);
}

/// <summary>
/// Splits SQL into tokens as a server of one <see cref="SqlReading"/> would: strings, quoted names and comments by
/// its rules, so that a keyword or a call is seen where the server sees one. Comments are dropped, except those
/// whose content a server acts on, which are refused.
/// </summary>
internal static class SqlLexer
{
    public static List<SqlToken> Read(string sql, SqlReading reading)
    {
        var tokens = new List<SqlToken>();
        var dialect = reading.Dialect;
        var i = SkipTrivia(sql, 0, reading);
        while (i < sql.Length)
        {
            var start = i;
            var c = sql[i];
            switch (c)
            {
                case '\'':
                    i = SkipString(sql, i, reading.BackslashEscapes && dialect is SqlDialect.MySql or SqlDialect.PostgreSql);
                    tokens.Add(new SqlToken(SqlTokenKind.String, sql[start..i], sql[start..i]));
                    break;
                case '"':
                    i = ReadQuotedName(sql, i, '"', doubled: true, backslashEscapes: reading.BackslashEscapes && dialect == SqlDialect.MySql, out var name);
                    tokens.Add(new SqlToken(SqlTokenKind.QuotedName, name, sql[start..i]));
                    break;
                case '`' when dialect is SqlDialect.MySql or SqlDialect.Sqlite:
                    i = ReadQuotedName(sql, i, '`', doubled: true, backslashEscapes: false, out name);
                    tokens.Add(new SqlToken(SqlTokenKind.QuotedName, name, sql[start..i]));
                    break;
                case '[' when dialect is SqlDialect.SqlServer or SqlDialect.Sqlite:
                    // SQL Server doubles ] inside brackets; SQLite ends the name at the first ].
                    i = ReadQuotedName(sql, i, ']', doubled: dialect == SqlDialect.SqlServer, backslashEscapes: false, out name);
                    tokens.Add(new SqlToken(SqlTokenKind.QuotedName, name, sql[start..i]));
                    break;
                case '$' when dialect == SqlDialect.PostgreSql && TryDollarTag(sql, i, out var tag):
                {
                    var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw Unterminated("dollar-quoted string");
                    }

                    i = close + tag.Length;
                    tokens.Add(new SqlToken(SqlTokenKind.String, sql[start..i], sql[start..i]));
                    break;
                }

                default:
                    if (IsDigit(c))
                    {
                        i = SkipNumber(sql, i);
                        tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], sql[start..i]));
                    }
                    else if (IsIdentifierStart(c, dialect))
                    {
                        i++;
                        while (i < sql.Length && IsIdentifierPart(sql[i], dialect))
                        {
                            i++;
                        }

                        var word = sql[start..i];
                        if (dialect == SqlDialect.PostgreSql && word is "U" or "u" && At(sql, i, '&') && (At(sql, i + 1, '"') || At(sql, i + 1, '\'')))
                        {
                            i = ReadUnicodeEscaped(sql, start, reading, tokens);
                        }
                        else if (dialect == SqlDialect.PostgreSql && word is "E" or "e" && At(sql, i, '\''))
                        {
                            i = SkipString(sql, i, backslashEscapes: true);
                            tokens.Add(new SqlToken(SqlTokenKind.String, sql[start..i], sql[start..i]));
                        }
                        else
                        {
                            tokens.Add(new SqlToken(SqlTokenKind.Word, word, word));
                        }
                    }
                    else
                    {
                        i++;
                        tokens.Add(new SqlToken(SqlTokenKind.Punctuation, c.ToString(), c.ToString()));
                    }

                    break;
            }

            i = SkipTrivia(sql, i, reading);
        }

        return tokens;
    }

    /// <summary>White space and comments from <paramref name="i"/>; refuses comments whose content a server acts on.</summary>
    private static int SkipTrivia(string sql, int i, SqlReading reading)
    {
        var dialect = reading.Dialect;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\0')
            {
                throw new SqlGuardException(SqlRefusal.Ambiguous, "The SQL holds a NUL character, where some servers and drivers stop reading and others do not. Remove it.");
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && At(sql, i + 1, '-'))
            {
                // MySQL: -- starts a comment only when a space or control character follows ("1--1" is 1 - -1).
                if (dialect == SqlDialect.MySql && i + 2 < sql.Length && sql[i + 2] > ' ' && sql[i + 2] != '\x7f')
                {
                    return i;
                }

                if (dialect != SqlDialect.MySql && At(sql, i + 2, '+'))
                {
                    throw ExecutableComment("--+", "an optimizer hint (Oracle reads --+ comments)");
                }

                i = SkipLineComment(sql, i, reading);
                continue;
            }

            if (c == '#' && dialect == SqlDialect.MySql)
            {
                i = SkipLineComment(sql, i, reading);
                continue;
            }

            if (c == '/' && At(sql, i + 1, '*'))
            {
                if (At(sql, i + 2, '!'))
                {
                    throw ExecutableComment("/*!", "a MySQL/MariaDB executable comment: the server runs its content");
                }

                if (At(sql, i + 2, 'M') && At(sql, i + 3, '!'))
                {
                    throw ExecutableComment("/*M!", "a MariaDB executable comment: the server runs its content");
                }

                if (At(sql, i + 2, '+'))
                {
                    throw ExecutableComment("/*+", "an optimizer hint (MySQL, Oracle and PostgreSQL's pg_hint_plan act on it, and MySQL's SET_VAR hint changes settings)");
                }

                // PostgreSQL and SQL Server nest block comments; MySQL and SQLite end them at the first */.
                i = SkipBlockComment(sql, i, nested: dialect is SqlDialect.PostgreSql or SqlDialect.SqlServer);
                continue;
            }

            return i;
        }

        return i;
    }

    private static int SkipLineComment(string sql, int i, SqlReading reading)
    {
        for (; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '\n')
            {
                return i + 1;
            }

            if (c == '\r' && reading.Dialect == SqlDialect.PostgreSql)
            {
                return i + 1; // PostgreSQL ends a line comment at a carriage return too; MySQL and SQLite only at \n
            }

            if (c == '\r' && reading.Dialect == SqlDialect.SqlServer && !At(sql, i + 1, '\n'))
            {
                throw new SqlGuardException(SqlRefusal.Ambiguous, "The SQL holds a line comment (--) ended by a lone carriage return, which servers read differently: some end the comment there, others at the next line feed. End lines with \\n or \\r\\n.");
            }

            if (c == '\0')
            {
                throw new SqlGuardException(SqlRefusal.Ambiguous, "The SQL holds a NUL character, where some servers and drivers stop reading and others do not. Remove it.");
            }
        }

        return i;
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

    private static int SkipString(string sql, int start, bool backslashEscapes)
        => ReadQuoted(sql, start, '\'', doubled: true, backslashEscapes, content: null);

    private static int ReadQuotedName(string sql, int start, char close, bool doubled, bool backslashEscapes, out string name)
    {
        var content = new StringBuilder();
        var end = ReadQuoted(sql, start, close, doubled, backslashEscapes, content);
        name = content.ToString();
        return end;
    }

    /// <summary>The index after the closing quote; the text between the quotes, unescaped, into <paramref name="content"/>.</summary>
    private static int ReadQuoted(string sql, int start, char close, bool doubled, bool backslashEscapes, StringBuilder? content)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\0')
            {
                throw new SqlGuardException(SqlRefusal.Ambiguous, "The SQL holds a NUL character, where some servers and drivers stop reading and others do not. Remove it.");
            }

            if (backslashEscapes && c == '\\' && i + 1 < sql.Length)
            {
                content?.Append(sql[i + 1]);
                i += 2;
                continue;
            }

            if (c == close)
            {
                if (doubled && At(sql, i + 1, close))
                {
                    content?.Append(close);
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            content?.Append(c);
            i++;
        }

        throw Unterminated(close == '\'' ? "string" : "quoted identifier");
    }

    /// <summary>
    /// PostgreSQL's U&amp;"..." (a name) or U&amp;'...' (a string) at <paramref name="start"/>, with its UESCAPE clause:
    /// the name is decoded (\XXXX, \+XXXXXX, the escape character doubled). What cannot be decoded is refused.
    /// </summary>
    private static int ReadUnicodeEscaped(string sql, int start, SqlReading reading, List<SqlToken> tokens)
    {
        var quote = sql[start + 2];
        var body = new StringBuilder();
        var i = ReadQuoted(sql, start + 2, quote, doubled: true, backslashEscapes: false, body);
        var escape = '\\';
        var afterLiteral = i;
        var next = SkipTrivia(sql, i, reading);
        if (next + 7 <= sql.Length && string.Compare(sql, next, "UESCAPE", 0, 7, StringComparison.OrdinalIgnoreCase) == 0
            && (next + 7 == sql.Length || !IsIdentifierPart(sql[next + 7], SqlDialect.PostgreSql)))
        {
            var literal = SkipTrivia(sql, next + 7, reading);
            if (!At(sql, literal, '\''))
            {
                throw UndecodableName(sql[start..literal], "UESCAPE is not followed by a quoted escape character");
            }

            var escapeText = new StringBuilder();
            i = ReadQuoted(sql, literal, '\'', doubled: true, backslashEscapes: false, escapeText);
            if (escapeText.Length != 1 || IsHexDigit(escapeText[0]) || escapeText[0] is '+' or '\'' or '"' || char.IsWhiteSpace(escapeText[0]))
            {
                throw UndecodableName(sql[start..i], "the UESCAPE character must be one character other than a hex digit, +, a quote or white space");
            }

            escape = escapeText[0];
        }
        else
        {
            i = afterLiteral;
        }

        var raw = sql[start..i];
        if (quote == '\'')
        {
            tokens.Add(new SqlToken(SqlTokenKind.String, raw, raw));
        }
        else
        {
            var decoded = DecodeUnicodeEscapes(body.ToString(), escape, raw);
            tokens.Add(new SqlToken(SqlTokenKind.QuotedName, decoded, raw, Escaped: body.ToString().Contains(escape)));
        }

        return i;
    }

    private static string DecodeUnicodeEscapes(string body, char escape, string raw)
    {
        var result = new StringBuilder(body.Length);
        var pendingHighSurrogate = -1;
        for (var i = 0; i < body.Length;)
        {
            if (body[i] != escape)
            {
                if (pendingHighSurrogate >= 0)
                {
                    throw UndecodableName(raw, "a high surrogate escape is not followed by a low surrogate escape");
                }

                result.Append(body[i]);
                i++;
                continue;
            }

            if (i + 1 < body.Length && body[i + 1] == escape)
            {
                result.Append(escape);
                i += 2;
                continue;
            }

            int digits;
            int offset;
            if (i + 1 < body.Length && body[i + 1] == '+')
            {
                digits = 6;
                offset = i + 2;
            }
            else
            {
                digits = 4;
                offset = i + 1;
            }

            if (offset + digits > body.Length || !body.Substring(offset, digits).All(IsHexDigit))
            {
                throw UndecodableName(raw, $"'{escape}' is followed by neither {escape}{escape}, four hex digits nor + and six hex digits");
            }

            var code = int.Parse(body.AsSpan(offset, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            i = offset + digits;
            if (code is >= 0xD800 and <= 0xDBFF)
            {
                if (pendingHighSurrogate >= 0)
                {
                    throw UndecodableName(raw, "two high surrogate escapes in a row");
                }

                pendingHighSurrogate = code;
                continue;
            }

            if (code is >= 0xDC00 and <= 0xDFFF)
            {
                if (pendingHighSurrogate < 0)
                {
                    throw UndecodableName(raw, "a low surrogate escape without a high surrogate before it");
                }

                result.Append((char)pendingHighSurrogate).Append((char)code);
                pendingHighSurrogate = -1;
                continue;
            }

            if (pendingHighSurrogate >= 0)
            {
                throw UndecodableName(raw, "a high surrogate escape is not followed by a low surrogate escape");
            }

            if (code == 0 || code > 0x10FFFF)
            {
                throw UndecodableName(raw, $"U+{code:X} is not a character a name may hold");
            }

            result.Append(char.ConvertFromUtf32(code));
        }

        if (pendingHighSurrogate >= 0)
        {
            throw UndecodableName(raw, "a high surrogate escape ends the name");
        }

        return result.ToString();
    }

    private static int SkipNumber(string sql, int i)
    {
        if (sql[i] == '0' && i + 2 < sql.Length && sql[i + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var j = i + 2;
            while (j < sql.Length && (IsHexDigit(sql[j]) || sql[j] == '_'))
            {
                j++;
            }

            return j;
        }

        i = SkipDigits(sql, i);
        if (At(sql, i, '.') && i + 1 < sql.Length && IsDigit(sql[i + 1]))
        {
            i = SkipDigits(sql, i + 1);
        }

        // an exponent only when digits follow: "1e" + "x" is a number and a name, as the servers read it
        if (i < sql.Length && sql[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < sql.Length && sql[j] is '+' or '-')
            {
                j++;
            }

            if (j < sql.Length && IsDigit(sql[j]))
            {
                i = SkipDigits(sql, j);
            }
        }

        return i;
    }

    private static int SkipDigits(string sql, int i)
    {
        while (i < sql.Length && (IsDigit(sql[i]) || (sql[i] == '_' && i + 1 < sql.Length && IsDigit(sql[i + 1]))))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Letters, _, and any character past ASCII that is not white space (PostgreSQL, MySQL and SQLite take every such
    /// character into a name); MySQL names may start with $, SQL Server's with @ and # (variables, temporary tables).
    /// </summary>
    private static bool IsIdentifierStart(char c, SqlDialect dialect)
        => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
            || (c > '\x7f' && !char.IsWhiteSpace(c))
            || (c == '$' && dialect == SqlDialect.MySql)
            || (c is '@' or '#' && dialect == SqlDialect.SqlServer);

    private static bool IsIdentifierPart(char c, SqlDialect dialect)
        => IsIdentifierStart(c, dialect) || IsDigit(c) || c == '$';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsHexDigit(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static bool At(string text, int index, char c) => index >= 0 && index < text.Length && text[index] == c;

    private static bool TryDollarTag(string sql, int start, out string tag)
    {
        tag = string.Empty;
        var i = start + 1;
        if (i < sql.Length && IsDigit(sql[i]))
        {
            return false; // $1: a positional parameter
        }

        while (i < sql.Length && IsIdentifierPart(sql[i], SqlDialect.PostgreSql) && sql[i] != '$')
        {
            i++;
        }

        if (i < sql.Length && sql[i] == '$')
        {
            tag = sql[start..(i + 1)];
            return true;
        }

        return false;
    }

    private static SqlGuardException Unterminated(string what)
        => new(SqlRefusal.Unterminated, $"The SQL holds a {what} that is never closed.");

    private static SqlGuardException ExecutableComment(string opening, string what)
        => new(SqlRefusal.ExecutableComment, $"The SQL holds a comment starting with {opening}: {what}, so it is not inert. Remove it; a query needs no such comment.");

    private static SqlGuardException UndecodableName(string raw, string why)
        => new(SqlRefusal.Ambiguous, $"The name {SqlGuard.Printable(raw)} cannot be decoded safely: {why}. Write the name without Unicode escapes.");
}
