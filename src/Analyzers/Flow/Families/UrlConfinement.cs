using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// Whether the constant start of a URL already fixes where it goes, so that what follows can only change the
/// path or query: <c>"https://api.example.com/items/" + id</c>, <c>$"repos/{owner}"</c> on a fixed base address.
/// </summary>
internal static class UrlConfinement
{
    private static readonly Regex AbsoluteWithAuthority = new(@"^[A-Za-z][A-Za-z0-9+.\-]*://[^/?#]+[/?#]", RegexOptions.CultureInvariant);
    private static readonly Regex NetworkPathWithAuthority = new(@"^//[^/?#]+[/?#]", RegexOptions.CultureInvariant);

    /// <summary>
    /// True when any text appended to <paramref name="prefix"/> stays within the host (and, for a relative
    /// reference, within the base address) that the prefix names.
    /// </summary>
    public static bool Confines(string prefix)
    {
        if (prefix.Length == 0)
        {
            return false;
        }

        if (AbsoluteWithAuthority.IsMatch(prefix) || NetworkPathWithAuthority.IsMatch(prefix))
        {
            return true;
        }

        if (prefix.StartsWith("//", System.StringComparison.Ordinal) || prefix.StartsWith("\\", System.StringComparison.Ordinal))
        {
            return false;
        }

        if (prefix[0] == '/')
        {
            return prefix.Length >= 2 && prefix[1] != '/' && prefix[1] != '\\';
        }

        // A relative reference: confined once a '/', '?' or '#' comes before any ':' (else "x:" could be a scheme).
        foreach (var c in prefix)
        {
            switch (c)
            {
                case ':':
                    return false;
                case '/':
                case '?':
                case '#':
                    return true;
            }
        }

        return false;
    }

    /// <summary>The constant text a string expression starts with (concatenation and interpolation).</summary>
    public static string ConstantPrefix(IOperation operation)
    {
        var builder = new StringBuilder();
        Append(operation, builder, 0);
        return builder.ToString();
    }

    /// <summary>Appends the constant start of <paramref name="operation"/>; true when the whole value was constant.</summary>
    private static bool Append(IOperation operation, StringBuilder builder, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        operation = OperationExtensions.Unwrap(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            builder.Append(constant);
            return true;
        }

        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Append(binary.LeftOperand, builder, depth + 1) && Append(binary.RightOperand, builder, depth + 1);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation { Text.ConstantValue.Value: string text }:
                            builder.Append(text);
                            break;
                        case IInterpolationOperation { Alignment: null, FormatString: null, Expression: { } expression } when Append(expression, builder, depth + 1):
                            break;
                        default:
                            return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
