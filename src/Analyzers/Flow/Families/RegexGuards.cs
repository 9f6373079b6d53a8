using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// <c>Regex.IsMatch(value, "^[a-z0-9-]+$")</c> and its instance and <c>[GeneratedRegex]</c> forms: a value that
/// matches an anchored pattern made of literal characters and positive classes is an allowlisted shape.
/// </summary>
internal static class RegexGuards
{
    /// <summary>
    /// The checked input when <paramref name="call"/>, a pattern test of the families' tables
    /// (<see cref="GuardRole.AnchoredPatternTest"/>), matches it against an anchored allowlist pattern.
    /// </summary>
    public static IOperation? CheckedInput(IInvocationOperation call, Compilation compilation)
    {
        IOperation? input = null;
        string? pattern = null;
        foreach (var argument in call.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "input":
                    input = argument.Value;
                    break;
                case "pattern":
                    pattern = OperationExtensions.Unwrap(argument.Value).ConstantValue.Value as string;
                    break;
            }
        }

        if (call.Instance is { } instance)
        {
            pattern = PatternOf(instance, compilation);
        }

        return input is not null && pattern is not null && IsAnchoredAllowlist(pattern) ? input : null;
    }

    private static string? PatternOf(IOperation instance, Compilation compilation)
    {
        instance = OperationExtensions.Unwrap(instance);
        switch (instance)
        {
            case IObjectCreationOperation { Arguments.Length: > 0 } creation:
                return OperationExtensions.Unwrap(creation.Arguments[0].Value).ConstantValue.Value as string;
            case IInvocationOperation { TargetMethod: { } method }:
                foreach (var attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass.IsType("System.Text.RegularExpressions.GeneratedRegexAttribute") && attribute.ConstructorArguments.Length > 0)
                    {
                        return attribute.ConstructorArguments[0].Value as string;
                    }
                }

                return null;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                return OperationExtensions.DeclaredValue(field, compilation) is { } value ? PatternOf(value, compilation) : null;
            case IPropertyReferenceOperation { Property: { } property }:
                foreach (var attribute in property.GetAttributes())
                {
                    if (attribute.AttributeClass.IsType("System.Text.RegularExpressions.GeneratedRegexAttribute") && attribute.ConstructorArguments.Length > 0)
                    {
                        return attribute.ConstructorArguments[0].Value as string;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Anchored at both ends (<c>^</c>/<c>\A</c> ... <c>$</c>/<c>\z</c>), no top-level alternation, no wildcard
    /// (<c>.</c>, negated classes, <c>\S</c>, <c>\W</c>, <c>\D</c>) that would let any character through.
    /// </summary>
    internal static bool IsAnchoredAllowlist(string pattern)
    {
        var start = pattern.StartsWith("^", System.StringComparison.Ordinal) ? 1 : pattern.StartsWith("\\A", System.StringComparison.Ordinal) ? 2 : 0;
        if (start == 0)
        {
            return false;
        }

        int end;
        if (pattern.EndsWith("\\z", System.StringComparison.Ordinal) && !pattern.EndsWith("\\\\z", System.StringComparison.Ordinal))
        {
            end = pattern.Length - 2;
        }
        else if (pattern.EndsWith("$", System.StringComparison.Ordinal) && !pattern.EndsWith("\\$", System.StringComparison.Ordinal))
        {
            end = pattern.Length - 1;
        }
        else
        {
            return false;
        }

        var depth = 0;
        var inClass = false;
        for (var i = start; i < end; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                // \s lets whitespace split an argument; \S, \W, \D, \P{..} and \X let nearly anything through
                if (i + 1 < end && "sSWDPX".IndexOf(pattern[i + 1]) >= 0)
                {
                    return false;
                }

                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                continue;
            }

            switch (c)
            {
                case '[':
                    if (i + 1 < end && pattern[i + 1] == '^')
                    {
                        return false;
                    }

                    inClass = true;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth == 0:
                case '.':
                    return false;
            }
        }

        return !inClass && depth == 0;
    }
}
