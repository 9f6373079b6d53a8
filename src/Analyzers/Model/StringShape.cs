using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// What is known at compile time about a string value: a sequence of constant text and holes (unknown parts).
/// Built from constants (also <c>const</c> fields in other files), concatenation, interpolation,
/// <c>string.Format</c> and locals that are assigned once.
/// </summary>
internal sealed class StringShape
{
    public static readonly StringShape Unknown = new(new[] { StringSegment.Hole(null) });

    private StringShape(IReadOnlyList<StringSegment> segments) => Segments = segments;

    public IReadOnlyList<StringSegment> Segments { get; }

    public bool IsFullyConstant
    {
        get
        {
            foreach (var segment in Segments)
            {
                if (segment.IsHole)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The text with each hole replaced by <paramref name="holeMarker"/>.</summary>
    public string Render(char holeMarker = '\uFFFF')
    {
        var builder = new StringBuilder();
        foreach (var segment in Segments)
        {
            if (segment.IsHole)
            {
                builder.Append(holeMarker);
            }
            else
            {
                builder.Append(segment.Text);
            }
        }

        return builder.ToString();
    }

    /// <summary>Finds the constant segment that covers character <paramref name="index"/> of <see cref="Render"/>.</summary>
    public StringSegment? SegmentAt(int index, out int offsetInSegment)
    {
        var position = 0;
        foreach (var segment in Segments)
        {
            var length = segment.IsHole ? 1 : segment.Text!.Length;
            if (index < position + length)
            {
                offsetInSegment = index - position;
                return segment.IsHole ? null : segment;
            }

            position += length;
        }

        offsetInSegment = 0;
        return null;
    }

    public static StringShape Of(IOperation? operation, int depth = 0)
    {
        var segments = new List<StringSegment>();
        Append(operation, segments, depth);
        return new StringShape(Merge(segments));
    }

    private static void Append(IOperation? operation, List<StringSegment> segments, int depth)
    {
        if (operation is null || depth > 8)
        {
            segments.Add(StringSegment.Hole(operation));
            return;
        }

        operation = OperationExtensions.Unwrap(operation);

        // Constant concatenations and interpolations are split into their parts, so each part keeps its literal.
        if (operation.ConstantValue is { HasValue: true, Value: string constant } && operation is not (IInterpolatedStringOperation or IBinaryOperation))
        {
            segments.Add(StringSegment.Constant(constant, SourceLiteralOf(operation)));
            return;
        }

        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary
                when binary.Type?.SpecialType == SpecialType.System_String:
                Append(binary.LeftOperand, segments, depth + 1);
                Append(binary.RightOperand, segments, depth + 1);
                return;

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation text:
                            Append(text.Text, segments, depth + 1);
                            break;
                        case IInterpolationOperation { Alignment: null, FormatString: null } hole:
                            Append(hole.Expression, segments, depth + 1);
                            break;
                        default:
                            segments.Add(StringSegment.Hole(part));
                            break;
                    }
                }

                return;

            case IInvocationOperation invocation when IsStringFormat(invocation):
                AppendFormat(invocation, segments, depth);
                return;

            case ILocalReferenceOperation local when OperationExtensions.SingleAssignment(local) is { } value:
                Append(value, segments, depth + 1);
                return;

            case IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: true } field } when FieldInitializer(field, operation) is { } initializer:
                Append(initializer, segments, depth + 1);
                return;
        }

        segments.Add(StringSegment.Hole(operation));
    }

    private static void AppendFormat(IInvocationOperation invocation, List<StringSegment> segments, int depth)
    {
        var arguments = invocation.Arguments;
        var formatIndex = arguments.Length > 0 && arguments[0].Parameter?.Type.SpecialType != SpecialType.System_String ? 1 : 0;
        if (arguments.Length <= formatIndex || OperationExtensions.Unwrap(arguments[formatIndex].Value).ConstantValue is not { HasValue: true, Value: string format })
        {
            segments.Add(StringSegment.Hole(invocation));
            return;
        }

        var values = new List<IOperation>();
        for (var i = formatIndex + 1; i < arguments.Length; i++)
        {
            var value = OperationExtensions.Unwrap(arguments[i].Value);
            if (arguments[i].ArgumentKind == ArgumentKind.ParamArray && value is IArrayCreationOperation { Initializer: { } init })
            {
                foreach (var element in init.ElementValues)
                {
                    values.Add(element);
                }
            }
            else
            {
                values.Add(value);
            }
        }

        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                literal.Append('}');
                i++;
                continue;
            }

            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0)
                {
                    segments.Add(StringSegment.Hole(invocation));
                    return;
                }

                var spec = format.Substring(i + 1, close - i - 1);
                if (literal.Length > 0)
                {
                    segments.Add(StringSegment.Constant(literal.ToString(), null));
                    literal.Clear();
                }

                if (int.TryParse(spec, out var index) && index >= 0 && index < values.Count)
                {
                    Append(values[index], segments, depth + 1);
                }
                else
                {
                    segments.Add(StringSegment.Hole(invocation));
                }

                i = close;
                continue;
            }

            literal.Append(c);
        }

        if (literal.Length > 0)
        {
            segments.Add(StringSegment.Constant(literal.ToString(), null));
        }
    }

    private static bool IsStringFormat(IInvocationOperation invocation)
        => invocation.TargetMethod is { Name: "Format", IsStatic: true, ContainingType.SpecialType: SpecialType.System_String };

    private static IOperation? FieldInitializer(IFieldSymbol field, IOperation context)
    {
        if (field.DeclaringSyntaxReferences.Length != 1 || context.SemanticModel is null)
        {
            return null;
        }

        var syntax = field.DeclaringSyntaxReferences[0].GetSyntax();
        if (syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        if (!compilation.ContainsSyntaxTree(value.SyntaxTree))
        {
            return null;
        }

        var model = value.SyntaxTree == context.SemanticModel.SyntaxTree ? context.SemanticModel : compilation.GetSemanticModel(value.SyntaxTree);
        return model.GetOperation(value);
    }

    /// <summary>The literal token in source that holds a constant, so a fix can rewrite it (also in another file).</summary>
    private static SyntaxNode? SourceLiteralOf(IOperation operation)
    {
        switch (operation)
        {
            case ILiteralOperation literal:
                return literal.Syntax;
            case IFieldReferenceOperation { Field: { } field }:
                return InitializerLiteral(field.DeclaringSyntaxReferences);
            case ILocalReferenceOperation { Local: { } local }:
                return InitializerLiteral(local.DeclaringSyntaxReferences);
            default:
                return operation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InterpolatedStringTextSyntax ? operation.Syntax : null;
        }
    }

    private static SyntaxNode? InitializerLiteral(ImmutableArray<SyntaxReference> declarations)
    {
        foreach (var reference in declarations)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax
                { Initializer.Value: Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax literal })
            {
                return literal;
            }
        }

        return null;
    }

    private static List<StringSegment> Merge(List<StringSegment> segments)
    {
        // Adjacent constants stay separate when they come from different literals, so a fix can find its literal.
        var result = new List<StringSegment>(segments.Count);
        foreach (var segment in segments)
        {
            if (!segment.IsHole && segment.Text!.Length == 0)
            {
                continue;
            }

            result.Add(segment);
        }

        return result;
    }
}

/// <summary>One part of a <see cref="StringShape"/>.</summary>
internal sealed class StringSegment
{
    private StringSegment(string? text, SyntaxNode? literal, IOperation? hole)
    {
        Text = text;
        Literal = literal;
        HoleOperation = hole;
    }

    public string? Text { get; }

    /// <summary>The literal (or interpolated text) in source that produced this constant, when there is one.</summary>
    public SyntaxNode? Literal { get; }

    public IOperation? HoleOperation { get; }

    public bool IsHole => Text is null;

    public static StringSegment Constant(string text, SyntaxNode? literal) => new(text, literal, null);

    public static StringSegment Hole(IOperation? operation) => new(null, null, operation);
}
