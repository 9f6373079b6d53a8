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

    /// <summary>
    /// The whole text of a string that is constant or a local or read-only field initialised with one (a URL template
    /// kept in a field), or null.
    /// </summary>
    public static string? ConstantText(IOperation operation, Compilation compilation, int depth = 0)
    {
        operation = OperationExtensions.Unwrap(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        if (depth > 4)
        {
            return null;
        }

        var declared = operation switch
        {
            ILocalReferenceOperation local => OperationExtensions.DeclaredValue(local.Local, compilation),
            IFieldReferenceOperation { Field.IsReadOnly: true } field => OperationExtensions.DeclaredValue(field.Field, compilation),
            _ => null,
        };
        return declared is null ? null : ConstantText(declared, compilation, depth + 1);
    }

    /// <summary>
    /// For <c>string.Format(template, ...)</c> and <c>template.Replace(placeholder, value)</c> on a constant template:
    /// whether the value substituted at <paramref name="placeholder"/> lands after a part of the template that already
    /// fixes the host (<see cref="Confines"/>), so it chooses only the path or query.
    /// </summary>
    public static bool ConfinesAt(string template, string placeholder)
    {
        var at = template.IndexOf(placeholder, System.StringComparison.Ordinal);
        return at >= 0 && Confines(template.Substring(0, at));
    }

    /// <summary>
    /// For a composite format, the placeholder of argument <paramref name="index"/>: <c>{0}</c>, <c>{0:...}</c> or
    /// <c>{0,...}</c>, whichever comes first in <paramref name="format"/>; null when it does not occur.
    /// </summary>
    public static string? FormatPlaceholder(string format, int index)
    {
        var marker = "{" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var at = format.IndexOf(marker, System.StringComparison.Ordinal); at >= 0; at = format.IndexOf(marker, at + 1, System.StringComparison.Ordinal))
        {
            var end = at + marker.Length;
            if (end < format.Length && format[end] is '}' or ':' or ',' && (at == 0 || format[at - 1] != '{'))
            {
                return format.Substring(at, end - at);
            }
        }

        return null;
    }

    /// <summary>
    /// True when the constant end of <paramref name="operation"/> has a '?' or '#': text appended to it is query or
    /// fragment, whatever came before (<c>baseUrl + "?q=" + query</c> with a clean <c>baseUrl</c>).
    /// </summary>
    public static bool EndsInQueryOrFragment(IOperation operation)
    {
        operation = OperationExtensions.Unwrap(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string text })
        {
            return text.IndexOfAny(QueryMarks) >= 0;
        }

        return operation switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary
                => OperationExtensions.Unwrap(binary.RightOperand).ConstantValue.Value is string right && right.IndexOfAny(QueryMarks) >= 0,
            IInterpolatedStringOperation { Parts.Length: > 0 } interpolated
                => interpolated.Parts[interpolated.Parts.Length - 1] is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string last } && last.IndexOfAny(QueryMarks) >= 0,
            _ => false,
        };
    }

    private static readonly char[] QueryMarks = { '?', '#' };

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
