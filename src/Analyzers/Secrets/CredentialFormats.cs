using System;
using System.Collections.Generic;
using System.Text;

namespace McpAnalyzers.Secrets;

/// <summary>A credential recognised in a value: what it is, for the message (the value itself is never shown).</summary>
internal readonly struct CredentialMatch
{
    /// <summary>The configuration name a fix reads a token from when the value is bound to no name.</summary>
    public const string TokenName = "ApiToken";

    /// <summary>The configuration name a fix reads any other key or secret from when the value is bound to no name.</summary>
    public const string KeyName = "ApiKey";

    public CredentialMatch(string kind, int start, int length, string configurationName)
    {
        Kind = kind;
        Start = start;
        Length = length;
        ConfigurationName = configurationName;
    }

    public string Kind { get; }

    /// <summary><see cref="TokenName"/> or <see cref="KeyName"/>.</summary>
    public string ConfigurationName { get; }

    public int Start { get; }

    public int Length { get; }
}

/// <summary>
/// Known credential formats with their real shapes, and checksums where the format has one (GitHub's
/// CRC32 suffix). Hand-written scanners, no regular expressions: they run on every string literal.
/// </summary>
internal static class CredentialFormats
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly string[] GitHubPrefixes = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" };

    public static CredentialMatch? Find(string value)
    {
        if (value.Length < 16)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            // Formats start at a token boundary, not in the middle of a longer word.
            if (i > 0 && IsTokenChar(value[i - 1]) && value[i] != '-')
            {
                continue;
            }

            if (MatchAt(value, i) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    private static CredentialMatch? MatchAt(string s, int i)
    {
        switch (s[i])
        {
            case 'g':
                foreach (var prefix in GitHubPrefixes)
                {
                    if (At(s, i, prefix) && Run(s, i + 4, IsBase62) == 36 && GitHubChecksumValid(s.Substring(i, 40)))
                    {
                        return new CredentialMatch("GitHub token", i, 40, CredentialMatch.TokenName);
                    }
                }

                if (At(s, i, "github_pat_") && Run(s, i + 11, c => IsBase62(c) || c == '_') >= 82)
                {
                    return new CredentialMatch("GitHub fine-grained token", i, 11 + Run(s, i + 11, c => IsBase62(c) || c == '_'), CredentialMatch.TokenName);
                }

                break;
            case 'x':
                if (s.Length > i + 5 && At(s, i, "xox") && "abposr".IndexOf(s[i + 3]) >= 0 && s[i + 4] == '-')
                {
                    var length = Run(s, i + 5, c => IsBase62(c) || c == '-');
                    if (length >= 20 && CountChar(s, i + 5, length, '-') >= 2)
                    {
                        return new CredentialMatch("Slack token", i, 5 + length, CredentialMatch.TokenName);
                    }
                }

                break;
            case 's':
                if (At(s, i, "sk_live_") || At(s, i, "rk_live_"))
                {
                    var length = Run(s, i + 8, IsBase62);
                    if (length >= 24)
                    {
                        return new CredentialMatch("Stripe live key", i, 8 + length, CredentialMatch.KeyName);
                    }
                }

                if (At(s, i, "sk-ant-"))
                {
                    var length = Run(s, i + 7, IsUrlSafe);
                    if (length >= 80)
                    {
                        return new CredentialMatch("Anthropic API key", i, 7 + length, CredentialMatch.KeyName);
                    }
                }
                else if (At(s, i, "sk-"))
                {
                    var length = Run(s, i + 3, IsUrlSafe);
                    if (length >= 40 && Entropy(s, i + 3, length) >= 3.5)
                    {
                        return new CredentialMatch("OpenAI API key", i, 3 + length, CredentialMatch.KeyName);
                    }
                }

                break;
            case 'A':
                if ((At(s, i, "AKIA") || At(s, i, "ASIA")) && Run(s, i + 4, c => (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')) >= 16
                    && !IsTokenChar(CharAt(s, i + 20)))
                {
                    return new CredentialMatch("AWS access key ID", i, 20, CredentialMatch.KeyName);
                }

                if (At(s, i, "AIza") && Run(s, i + 4, IsUrlSafe) == 35)
                {
                    return new CredentialMatch("Google API key", i, 39, CredentialMatch.KeyName);
                }

                break;
            case '-':
                if (At(s, i, "-----BEGIN ") && s.IndexOf("PRIVATE KEY-----", i, StringComparison.Ordinal) is var end && end > i && end - i < 40)
                {
                    return new CredentialMatch("PEM private key", i, end + 16 - i, CredentialMatch.KeyName);
                }

                break;
            case 'e':
                if (At(s, i, "eyJ") && Jwt(s, i) is { } jwtLength)
                {
                    return new CredentialMatch("JSON Web Token", i, jwtLength, CredentialMatch.TokenName);
                }

                break;
        }

        // Azure AD client secrets: 3 chars, a digit, "Q~", then 31-34 chars.
        if (i + 40 <= s.Length && s[i + 4] == 'Q' && s[i + 5] == '~' && char.IsDigit(s[i + 3])
            && Run(s, i, IsAzureSecretChar) == 40 && Entropy(s, i, 40) >= 3.5)
        {
            return new CredentialMatch("Azure AD client secret", i, 40, CredentialMatch.KeyName);
        }

        return null;
    }

    /// <summary>GitHub's token checksum: CRC32 of the token body, base62, 6 characters.</summary>
    private static bool GitHubChecksumValid(string token)
    {
        var checksum = token.Substring(34, 6);
        foreach (var body in new[] { token.Substring(4, 30), token.Substring(0, 34) })
        {
            var crc = Crc32(Encoding.ASCII.GetBytes(body));
            if (ToBase62(crc, Base62) == checksum || ToBase62(crc, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == checksum)
            {
                return true;
            }
        }

        return false;
    }

    private static string ToBase62(uint value, string alphabet)
    {
        var chars = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(value % 62)];
            value /= 62;
        }

        return new string(chars);
    }

    internal static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Creates a GitHub-shaped token with a valid checksum (for tests and documentation examples).</summary>
    internal static string GitHubTokenFor(string prefix, string thirtyCharBody)
        => prefix + thirtyCharBody + ToBase62(Crc32(Encoding.ASCII.GetBytes(thirtyCharBody)), Base62);

    private static int? Jwt(string s, int start)
    {
        var header = Run(s, start, IsUrlSafeNoDot);
        if (header < 10 || CharAt(s, start + header) != '.' || !At(s, start + header + 1, "eyJ"))
        {
            return null;
        }

        var payload = Run(s, start + header + 1, IsUrlSafeNoDot);
        if (payload < 10 || CharAt(s, start + header + 1 + payload) != '.')
        {
            return null;
        }

        var signature = Run(s, start + header + payload + 2, IsUrlSafeNoDot);
        if (signature < 16)
        {
            return null;
        }

        var decoded = DecodeBase64Url(s.Substring(start, header));
        return decoded is not null && decoded.IndexOf("\"alg\"", StringComparison.Ordinal) >= 0 ? header + payload + signature + 2 : null;
    }

    private static string? DecodeBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Shannon entropy in bits per character of a substring.</summary>
    public static double Entropy(string s, int start, int length)
    {
        if (length <= 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        for (var i = start; i < start + length && i < s.Length; i++)
        {
            counts[s[i]] = counts.TryGetValue(s[i], out var n) ? n + 1 : 1;
        }

        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / length;
            entropy -= p * Math.Log(p, 2);
        }

        return entropy;
    }

    private static bool At(string s, int i, string prefix) => i >= 0 && i + prefix.Length <= s.Length && string.CompareOrdinal(s, i, prefix, 0, prefix.Length) == 0;

    private static int Run(string s, int start, Func<char, bool> allowed)
    {
        var i = start;
        while (i < s.Length && allowed(s[i]))
        {
            i++;
        }

        return i - start;
    }

    private static int CountChar(string s, int start, int length, char c)
    {
        var count = 0;
        for (var i = start; i < start + length; i++)
        {
            if (s[i] == c)
            {
                count++;
            }
        }

        return count;
    }

    private static char CharAt(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool IsBase62(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static bool IsUrlSafe(char c) => IsBase62(c) || c == '-' || c == '_';

    private static bool IsUrlSafeNoDot(char c) => IsBase62(c) || c == '-' || c == '_';

    private static bool IsAzureSecretChar(char c) => IsBase62(c) || c is '_' or '~' or '.' or '-';

    private static bool IsTokenChar(char c) => IsBase62(c) || c == '_';
}
