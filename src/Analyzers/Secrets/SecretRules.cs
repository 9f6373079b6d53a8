using System;
using System.Collections.Generic;
using System.Text;

namespace McpAnalyzers.Secrets;

/// <summary>What makes a name secret-like, a value a placeholder, a connection string carry a password.</summary>
internal static class SecretRules
{
    private static readonly string[] PasswordWords = { "password", "passwd", "pwd", "passphrase" };

    private static readonly string[] SecretWords =
    {
        "secret", "token", "apikey", "accesskey", "secretkey", "privatekey", "signingkey", "encryptionkey",
        "masterkey", "clientsecret", "credential", "credentials", "bearer", "sharedaccesskey", "accountkey", "webhookurl",
    };

    /// <summary>Trailing words that make a name about a secret rather than the secret itself.</summary>
    private static readonly string[] MetaSuffixes =
    {
        "header", "headername", "name", "key name", "keyname", "url", "uri", "endpoint", "path", "file", "filename", "type", "kind",
        "length", "count", "expiry", "expiration", "expires", "lifetime", "timeout", "prefix", "format", "scope", "issuer",
        "audience", "policy", "scheme", "option", "options", "section", "setting", "settings", "variable", "env", "id", "hash",
        "field", "property", "label", "hint", "regex", "pattern", "validator", "provider", "service", "store", "cache", "required", "enabled",
    };

    private static readonly string[] PlaceholderWords =
    {
        "changeme", "change-me", "change_me", "replaceme", "replace-me", "replace_me", "todo", "tbd", "placeholder", "example",
        "dummy", "sample", "fake", "none", "null", "empty", "secret", "password", "token", "apikey", "api-key", "yourkey",
        "your-key", "your_key", "xxx", "redacted", "hidden", "notset", "not-set", "unset",
    };

    public enum NameKind
    {
        None,
        Password,
        Secret,
        ConnectionString,
    }

    /// <summary>Classifies a member, parameter or configuration key name.</summary>
    public static NameKind Classify(string name)
    {
        var normalized = Normalize(name);
        if (normalized.Length == 0)
        {
            return NameKind.None;
        }

        foreach (var suffix in MetaSuffixes)
        {
            var s = suffix.Replace(" ", string.Empty);
            if (normalized.EndsWith(s, StringComparison.Ordinal) && normalized.Length > s.Length)
            {
                return NameKind.None;
            }
        }

        if (normalized.EndsWith("connectionstring", StringComparison.Ordinal) || normalized == "connstr" || normalized.EndsWith("connectionstrings", StringComparison.Ordinal))
        {
            return NameKind.ConnectionString;
        }

        foreach (var word in PasswordWords)
        {
            if (normalized.EndsWith(word, StringComparison.Ordinal))
            {
                return NameKind.Password;
            }
        }

        foreach (var word in SecretWords)
        {
            if (normalized.EndsWith(word, StringComparison.Ordinal))
            {
                return NameKind.Secret;
            }
        }

        // "ApiKey", "GitHubKey": a name ending in Key is a secret when what comes before names an API or a key use.
        if (normalized.EndsWith("key", StringComparison.Ordinal) && (normalized.Contains("api") || normalized.Contains("auth") || normalized.Contains("sign") || normalized.Contains("hmac") || normalized.Contains("jwt")))
        {
            return NameKind.Secret;
        }

        return NameKind.None;
    }

    private static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>Empty, placeholder, template and sample values that hold no secret.</summary>
    public static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        if ((trimmed.StartsWith("<", StringComparison.Ordinal) && trimmed.EndsWith(">", StringComparison.Ordinal))
            || (trimmed.StartsWith("${", StringComparison.Ordinal) && trimmed.EndsWith("}", StringComparison.Ordinal))
            || (trimmed.StartsWith("$(", StringComparison.Ordinal) && trimmed.EndsWith(")", StringComparison.Ordinal))
            || (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal))
            || (trimmed.StartsWith("%", StringComparison.Ordinal) && trimmed.EndsWith("%", StringComparison.Ordinal) && trimmed.Length > 2)
            || (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal)))
        {
            return true;
        }

        if (IsRepeated(trimmed) || trimmed == "00000000-0000-0000-0000-000000000000")
        {
            return true;
        }

        var lower = trimmed.ToLowerInvariant();
        if (lower.Contains("xxx") || lower.Contains("user-secrets") || lower.Contains("usersecrets") || lower.StartsWith("set-in-", StringComparison.Ordinal)
            || lower.EndsWith("-here", StringComparison.Ordinal) || lower.EndsWith("_here", StringComparison.Ordinal) || lower.EndsWith(" here", StringComparison.Ordinal)
            || lower.Contains("your-") || lower.Contains("your_"))
        {
            return true; // "set-in-user-secrets", "api-key-here", "enter-your-token"
        }

        foreach (var word in PlaceholderWords)
        {
            if (lower == word || lower.StartsWith("your", StringComparison.Ordinal) || lower.StartsWith("my-", StringComparison.Ordinal)
                || lower.Contains("xxxx") || lower.Contains("****") || lower.Contains("...") || lower.Contains("placeholder") || lower.Contains("example")
                || lower.Contains("changeme") || lower.Contains("replace") || lower.Contains("dummy") || lower.Contains("insert") || lower.Contains("fake"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Help text that shows a setting rather than holding one: words and a colon or a full stop before the first
    /// <c>key=value</c> ("Example: Host=...;Password=pass", "Invalid connection string. Use Server=..."), or
    /// "e.g."/"usage:"/"such as" in it.
    /// </summary>
    public static bool ReadsAsProse(string value)
    {
        var lower = value.ToLowerInvariant();
        if (lower.Contains("e.g.") || lower.Contains("usage:") || lower.Contains("such as ") || lower.Contains("for example"))
        {
            return true;
        }

        var equals = value.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var lead = value.Substring(0, equals);
        return lead.IndexOf(' ') >= 0 && (lead.Contains(": ") || lead.Contains(". "));
    }

    /// <summary>"aaaaaaaa", "********", "0000": one repeated character.</summary>
    private static bool IsRepeated(string value)
    {
        foreach (var c in value)
        {
            if (c != value[0])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the value looks random enough to be a generated secret.</summary>
    public static bool LooksRandom(string value)
        => value.Length >= 16 && !value.Contains(" ") && CredentialFormats.Entropy(value, 0, value.Length) >= 3.5;

    /// <summary>
    /// A value bound to a secret-named target that holds a secret: a password of four or more characters, or a
    /// long random value for other secret names.
    /// </summary>
    public static bool IsSecretValue(NameKind kind, string value) => kind switch
    {
        NameKind.Password => !IsPlaceholder(value) && value.Trim().Length >= 4,
        NameKind.Secret => !IsPlaceholder(value) && LooksRandom(value),
        NameKind.ConnectionString => ConnectionStringSecret(value) is not null,
        _ => false,
    };

    /// <summary>
    /// Parses a connection string (<c>key=value;</c>, quoted values allowed) and returns the key that holds a
    /// literal secret: a non-empty Password/Pwd, AccountKey, SharedAccessKey. Integrated security is fine.
    /// </summary>
    public static string? ConnectionStringSecret(string value)
    {
        if (value.IndexOf('=') < 0)
        {
            return null;
        }

        foreach (var (key, item) in ParseConnectionString(value))
        {
            var normalized = key.Replace(" ", string.Empty).ToLowerInvariant();
            if (normalized is "password" or "pwd" or "userpassword" or "accountkey" or "sharedaccesskey" or "sharedaccesssignature"
                && !IsPlaceholder(item))
            {
                return key;
            }
        }

        return null;
    }

    internal static IEnumerable<(string Key, string Value)> ParseConnectionString(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ';'))
            {
                i++;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                yield break;
            }

            var key = text.Substring(i, equals - i).Trim();
            i = equals + 1;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            string item;
            if (i < text.Length && (text[i] == '"' || text[i] == '\''))
            {
                var quote = text[i];
                var close = text.IndexOf(quote, i + 1);
                close = close < 0 ? text.Length : close;
                item = text.Substring(i + 1, close - i - 1);
                i = close + 1;
            }
            else
            {
                var end = text.IndexOf(';', i);
                end = end < 0 ? text.Length : end;
                item = text.Substring(i, end - i).Trim();
                i = end;
            }

            if (key.Length > 0)
            {
                yield return (key, item);
            }
        }
    }

    /// <summary>A redacted view of a secret: its first characters and its length, never the value.</summary>
    public static string Redact(string value)
    {
        var trimmed = value.Trim();
        var shown = trimmed.Length >= 16 ? 4 : trimmed.Length >= 8 ? 2 : 0;
        return (shown > 0 ? trimmed.Substring(0, shown) : string.Empty) + "…(" + trimmed.Length + " chars)";
    }

    /// <summary><c>GitHubToken</c> → <c>GITHUB_TOKEN</c>; <c>openAiApiKey</c> → <c>OPENAI_API_KEY</c>.</summary>
    public static string EnvironmentName(string symbolName)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < symbolName.Length; i++)
        {
            var c = symbolName[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(words, current);
                continue;
            }

            var boundary = current.Length > 0 && char.IsUpper(c)
                && (char.IsLower(symbolName[i - 1]) || char.IsDigit(symbolName[i - 1]) || (i + 1 < symbolName.Length && char.IsLower(symbolName[i + 1])));
            if (boundary)
            {
                Flush(words, current);
            }

            current.Append(char.ToUpperInvariant(c));
        }

        Flush(words, current);
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if ((words[i] == "GIT" && words[i + 1] is "HUB" or "LAB") || (words[i] == "OPEN" && words[i + 1] == "AI") || (words[i] == "O" && words[i + 1] == "AUTH"))
            {
                words[i] += words[i + 1];
                words.RemoveAt(i + 1);
            }
        }

        return string.Join("_", words);
    }

    private static void Flush(List<string> words, StringBuilder current)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }
}
