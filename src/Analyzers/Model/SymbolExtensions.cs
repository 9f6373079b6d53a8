using Microsoft.CodeAnalysis;

namespace McpAnalyzers;

/// <summary>Symbol helpers every part of the analyzers uses.</summary>
internal static class SymbolExtensions
{
    /// <summary>
    /// True when <paramref name="type"/> is the top-level type with this namespace-qualified metadata name
    /// (<c>Microsoft.IdentityModel.Tokens.TokenValidationParameters</c>, <c>System.Nullable`1</c>): its identity, not a
    /// type of the user's that happens to share its simple name. For types a rule needs only in passing, where
    /// resolving them in <see cref="Model.McpSymbols"/> up front would cost every compilation a lookup; no allocation.
    /// </summary>
    public static bool IsType(this ITypeSymbol? type, string fullName)
    {
        if (type is null || type.ContainingType is not null)
        {
            return false;
        }

        var end = fullName.Length;
        var start = fullName.LastIndexOf('.') + 1;
        if (!Matches(type.MetadataName, fullName, start, end))
        {
            return false;
        }

        end = start - 1;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (end < 0)
            {
                return false;
            }

            start = fullName.LastIndexOf('.', end - 1) + 1;
            if (!Matches(ns.Name, fullName, start, end))
            {
                return false;
            }

            end = start - 1;
        }

        return end < 0;
    }

    private static bool Matches(string name, string fullName, int start, int end)
        => name.Length == end - start && string.CompareOrdinal(fullName, start, name, 0, name.Length) == 0;
}
