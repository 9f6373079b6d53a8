using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.ProjectFiles;

/// <summary>Reads <c>.env</c> files: <c>KEY=value</c>, <c>export KEY=value</c>, quotes, comments; <c>__</c> means <c>:</c>.</summary>
internal static class DotEnv
{
    public static void Read(string text, List<ConfigEntry> entries)
    {
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            ReadLine(text, lineStart, lineEnd, entries);
            lineStart = lineEnd + 1;
        }
    }

    private static void ReadLine(string text, int start, int end, List<ConfigEntry> entries)
    {
        var position = start;
        SkipSpaces(text, ref position, end);
        if (position >= end || text[position] == '#')
        {
            return;
        }

        if (string.CompareOrdinal(text, position, "export ", 0, 7) == 0)
        {
            position += 7;
            SkipSpaces(text, ref position, end);
        }

        var equals = text.IndexOf('=', position, end - position);
        if (equals < 0)
        {
            return;
        }

        var key = text.Substring(position, equals - position).Trim();
        if (key.Length == 0)
        {
            return;
        }

        var valueStart = equals + 1;
        SkipSpaces(text, ref valueStart, end);
        var valueEnd = end;
        while (valueEnd > valueStart && char.IsWhiteSpace(text[valueEnd - 1]))
        {
            valueEnd--;
        }

        string value;
        if (valueStart < valueEnd && text[valueStart] is '"' or '\'')
        {
            var quote = text[valueStart];
            var close = text.IndexOf(quote, valueStart + 1, valueEnd - valueStart - 1);
            var contentEnd = close < 0 ? valueEnd : close;
            value = text.Substring(valueStart + 1, contentEnd - valueStart - 1);
            valueEnd = close < 0 ? valueEnd : close + 1;
        }
        else
        {
            // an unquoted value ends at an inline comment (" #")
            var comment = text.IndexOf(" #", valueStart, valueEnd - valueStart, System.StringComparison.Ordinal);
            if (comment >= 0)
            {
                valueEnd = comment;
                while (valueEnd > valueStart && char.IsWhiteSpace(text[valueEnd - 1]))
                {
                    valueEnd--;
                }
            }

            value = text.Substring(valueStart, valueEnd - valueStart);
        }

        entries.Add(new ConfigEntry(key.Replace("__", ":"), value, TextSpan.FromBounds(valueStart, valueEnd)));
    }

    private static void SkipSpaces(string text, ref int position, int end)
    {
        while (position < end && text[position] is ' ' or '\t' or '\r')
        {
            position++;
        }
    }
}
