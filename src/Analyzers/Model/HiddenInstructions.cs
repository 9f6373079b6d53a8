using System;
using System.Collections.Immutable;

namespace McpAnalyzers.Model;

/// <summary>What was found in model-visible text, from most to least certain.</summary>
internal enum HiddenInstructionKind
{
    None,
    InvisibleCharacters,
    ControlCharacters,
    PseudoTag,
    Phrase,
}

/// <summary>
/// Checks text a model reads (tool descriptions, titles, prompt text, server instructions) for hidden
/// instructions: invisible, bidi and tag Unicode, control characters and ANSI escapes (certain), pseudo-tags
/// such as &lt;IMPORTANT&gt; (near-certain), and concealment, cross-tool and sensitive-path phrases (configurable data).
/// </summary>
internal static class HiddenInstructions
{
    private static readonly string[] PseudoTags =
    {
        "<important", "</important", "<system", "</system", "<instruction", "</instruction", "<|im_start|>", "<|system|>", "<|endoftext|>",
        "[inst]", "<<sys>>", "<secret", "<hidden", "<admin",
    };

    /// <summary>
    /// Phrases from published tool-poisoning research (Invariant Labs, "MCP Security Notification: Tool Poisoning
    /// Attacks", 2025; CyberArk, "Poison everywhere", 2025) and the MCP security best practices: concealment from
    /// the user, directives about other tools, and the files attacks go after. Ordinary wording stays quiet.
    /// </summary>
    public static readonly ImmutableArray<string> DefaultPhrases = ImmutableArray.Create(
        "do not tell the user", "don't tell the user", "do not mention this", "without telling the user", "without informing the user",
        "the user must not know", "do not reveal", "keep this secret from", "hide this from the user", "never mention",
        "ignore previous instructions", "ignore all previous", "ignore the above", "disregard previous",
        "before using any other tool", "before calling any other tool", "instead of calling", "instead of using the",
        "always call this tool first", "must be called before", "when this tool is available",
        "~/.ssh", "id_rsa", ".aws/credentials", "/etc/passwd", "/etc/shadow", "mcp.json", "claude_desktop_config.json", ".cursor/");

    public static (HiddenInstructionKind Kind, string Detail) Check(string text, ImmutableArray<string> phrases)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsInvisible(text, i))
            {
                return (HiddenInstructionKind.InvisibleCharacters, $"U+{char.ConvertToUtf32(text, char.IsHighSurrogate(c) && i + 1 < text.Length ? i : i):X4}");
            }

            if (c == '\u001B')
            {
                return (HiddenInstructionKind.ControlCharacters, "an ANSI escape sequence");
            }

            if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || (c >= '\u007F' && c <= '\u009F'))
            {
                return (HiddenInstructionKind.ControlCharacters, $"control character U+{(int)c:X4}");
            }
        }

        var lower = text.ToLowerInvariant();
        foreach (var tag in PseudoTags)
        {
            if (lower.IndexOf(tag, StringComparison.Ordinal) >= 0)
            {
                return (HiddenInstructionKind.PseudoTag, "the pseudo-tag '" + tag + "'");
            }
        }

        foreach (var phrase in phrases)
        {
            if (phrase.Length > 0 && lower.IndexOf(phrase.ToLowerInvariant(), StringComparison.Ordinal) >= 0)
            {
                return (HiddenInstructionKind.Phrase, "the phrase '" + phrase + "'");
            }
        }

        return (HiddenInstructionKind.None, string.Empty);
    }

    /// <summary>The text without invisible, bidi, tag and control characters (what the fix writes).</summary>
    public static string Strip(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsInvisible(text, i))
            {
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }

                continue;
            }

            if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || (c >= '\u007F' && c <= '\u009F'))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsInvisible(string text, int i)
    {
        var c = text[i];
        if (c is >= '\u200B' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2060' and <= '\u2064' or >= '\u2066' and <= '\u2069'
            or '\u00AD' or '\u180E' or '\uFEFF' or '\u034F')
        {
            return true;
        }

        // Unicode tag characters U+E0000..U+E007F: invisible ASCII that models read ("ASCII smuggling")
        return char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
               && char.ConvertToUtf32(c, text[i + 1]) is >= 0xE0000 and <= 0xE007F;
    }
}
