using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.Flow;

/// <summary>How a method of the application treats one of its string parameters.</summary>
internal enum Rejection
{
    /// <summary>The method never refuses the value on a check of it.</summary>
    None,

    /// <summary>It refuses the value only on known-weak checks: a keyword prefix (<c>StartsWith("SELECT")</c>), a ';' test.</summary>
    Weak,

    /// <summary>It refuses the value on another check of it (a parser, a keyword list, a denylist pattern).</summary>
    Strong,

    /// <summary>
    /// It refuses every value a check does not accept: the rejection is on the negation of a test (<c>if (!IsMatch(...))
    /// throw</c>, <c>return Regex.IsMatch(...)</c>). Command values need this (a denylist of extensions or programs is
    /// bypassed by the one it forgot); SQL takes <see cref="Strong"/> too.
    /// </summary>
    Allowlist,
}

/// <summary>
/// Validators of SQL text and command values written in the application (MCPSEC015, MCPSEC012): a method that can
/// reject its parameter, by throwing (or, for a method returning bool, by returning false) under a condition that
/// reads the parameter, and that does not assign it. A call to one that dominates a sink guards the argument: after
/// a call of a throwing validator, and on the true edge of a boolean one. What the checks prove is not judged (an
/// AST parser, a keyword list and an anchored pattern are all accepted) except for the known-weak shapes, which are
/// no guard: only a keyword prefix test (<c>sql.StartsWith("SELECT")</c> admits <c>SELECT 1; DROP TABLE t</c>) or
/// only a ';' test (a single statement can still write). A user names other validators with
/// <c>mcp_analyzers.sanitizer_methods</c>.
/// </summary>
internal static class Validators
{
    /// <summary>How <paramref name="method"/>'s body treats its parameter <paramref name="parameter"/> (syntax only).</summary>
    public static Rejection Of(IMethodSymbol method, IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None || parameter.Type.SpecialType != SpecialType.System_String)
        {
            return Rejection.None;
        }

        var result = Rejection.None;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var body = reference.GetSyntax();
            var names = DerivedNames(body, parameter.Name);
            if (names is null)
            {
                return Rejection.None; // the body assigns the parameter: it checks its own copy, not the caller's value
            }

            var returnsBool = method.ReturnType.SpecialType == SpecialType.System_Boolean;
            foreach (var node in body.DescendantNodes())
            {
                if (!IsRejection(node, returnsBool, names))
                {
                    continue;
                }

                foreach (var condition in EnclosingConditions(node, body))
                {
                    var kind = Classify(condition, names);
                    if (kind == Rejection.Strong && RejectsWhatFails(condition, node))
                    {
                        kind = Rejection.Allowlist;
                    }

                    result = kind > result ? kind : result;
                }

            }

            // return Regex.IsMatch(sql, ...) / => !Forbidden.Any(k => sql.Contains(k)): the value is the verdict
            if (returnsBool)
            {
                foreach (var node in body.DescendantNodes())
                {
                    var verdict = node switch
                    {
                        ReturnStatementSyntax { Expression: { } returned } => returned,
                        ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow => arrow.Expression,
                        _ => null,
                    };
                    if (verdict is not null and not LiteralExpressionSyntax)
                    {
                        var kind = Classify(verdict, names);
                        if (kind == Rejection.Strong && !IsNegation(verdict))
                        {
                            kind = Rejection.Allowlist; // true only when the test accepts the value
                        }

                        result = kind > result ? kind : result;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The rejection runs when the test fails: in the then-branch of <c>if (!test)</c> or the else-branch of
    /// <c>if (test)</c>.
    /// </summary>
    private static bool RejectsWhatFails(SyntaxNode condition, SyntaxNode rejection)
        => condition.Parent is IfStatementSyntax branch
           && (branch.Statement.Span.Contains(rejection.Span) ? IsNegation(condition) : !IsNegation(condition));

    private static bool IsNegation(SyntaxNode condition)
        => condition is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression }
           || condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Right.RawKind: (int)SyntaxKind.FalseLiteralExpression };

    /// <summary>The parameter's name and the locals initialised from it (one step), or null when the body assigns it.</summary>
    private static HashSet<string>? DerivedNames(SyntaxNode body, string parameter)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { parameter };
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == parameter:
                case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax passed } when passed.Identifier.ValueText == parameter:
                    return null;
                case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator when Reads(value, names):
                    names.Add(declarator.Identifier.ValueText);
                    break;
            }
        }

        return names;
    }

    private static bool IsRejection(SyntaxNode node, bool returnsBool, HashSet<string> names)
        => node switch
        {
            ThrowStatementSyntax or ThrowExpressionSyntax => true,
            ReturnStatementSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression } } => returnsBool,
            _ => false,
        };

    /// <summary>The conditions a node runs under, up to the body: if/else, ?:, ?? (a throw on null), switch sections.</summary>
    private static IEnumerable<SyntaxNode> EnclosingConditions(SyntaxNode node, SyntaxNode body)
    {
        for (var child = node; child.Parent is { } parent && child != body; child = parent)
        {
            switch (parent)
            {
                case IfStatementSyntax ifStatement when child != ifStatement.Condition:
                    yield return ifStatement.Condition;
                    break;
                case ElseClauseSyntax { Parent: IfStatementSyntax elseOf }:
                    yield return elseOf.Condition;
                    break;
                case ConditionalExpressionSyntax conditional when child != conditional.Condition:
                    yield return conditional.Condition;
                    break;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce when child == coalesce.Right:
                    yield return coalesce.Left;
                    break;
                case SwitchStatementSyntax switchStatement:
                    yield return switchStatement.Expression;
                    break;
                case SwitchExpressionSyntax switchExpression:
                    yield return switchExpression.GoverningExpression;
                    break;
                case WhileStatementSyntax or ForEachStatementSyntax or ForStatementSyntax:
                    // a loop over forbidden keywords: the check inside it is the condition
                    break;
            }
        }
    }

    private static bool Reads(SyntaxNode node, HashSet<string> names)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What a condition tests of the value: nothing (only null, empty or length tests), only known-weak shapes (a
    /// prefix test with a keyword constant, a ';' test), or something else (a parser, a pattern, a keyword list...).
    /// </summary>
    private static Rejection Classify(SyntaxNode condition, HashSet<string> names)
    {
        var result = Rejection.None;
        foreach (var token in condition.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken) || !names.Contains(token.ValueText) || token.Parent is not IdentifierNameSyntax reference)
            {
                continue;
            }

            var kind = Use(reference);
            result = kind > result ? kind : result;
        }

        return result;
    }

    /// <summary>What one read of the value in a condition tests.</summary>
    private static Rejection Use(ExpressionSyntax reference)
    {
        // through case and whitespace normalisation: sql.Trim().ToUpperInvariant().StartsWith("SELECT")
        var value = reference;
        while (value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Trim" or "TrimStart" or "TrimEnd" or "ToUpper" or "ToUpperInvariant" or "ToLower" or "ToLowerInvariant" } normalise
               && normalise.Expression == value && normalise.Parent is InvocationExpressionSyntax normalised)
        {
            value = normalised;
        }

        switch (value.Parent)
        {
            case ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsNullOrEmpty" or "IsNullOrWhiteSpace" } } }:
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } binary
                when binary.Left.IsKind(SyntaxKind.NullLiteralExpression) || binary.Right.IsKind(SyntaxKind.NullLiteralExpression):
            case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression.RawKind: (int)SyntaxKind.NullLiteralExpression } or UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression.RawKind: (int)SyntaxKind.NullLiteralExpression } } }:
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" }:
                return Rejection.None;
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access when access.Expression == value && access.Parent is InvocationExpressionSyntax call:
            {
                var first = call.ArgumentList.Arguments.Count > 0 ? call.ArgumentList.Arguments[0].Expression : null;
                var weak = (name is "StartsWith" && first is LiteralExpressionSyntax { Token.Value: string prefix } && IsKeyword(prefix))
                           || (name is "Contains" or "IndexOf" or "Split" && first is LiteralExpressionSyntax { Token.Value: ";" or ';' });
                return weak ? Rejection.Weak : Rejection.Strong;
            }

            default:
                return Rejection.Strong;
        }
    }

    private static bool IsKeyword(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
