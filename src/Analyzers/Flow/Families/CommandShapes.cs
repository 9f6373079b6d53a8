using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>Shapes of process launches: argument lists, the <c>--</c> end-of-options marker, shells.</summary>
internal static class CommandShapes
{
    private static readonly string[] Shells =
    {
        "sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh", "pwsh.exe",
    };

    /// <summary>True for <c>sh</c>, <c>/bin/bash</c>, <c>cmd.exe</c>, <c>pwsh</c>...</summary>
    public static bool IsShell(string? executable)
    {
        if (string.IsNullOrWhiteSpace(executable))
        {
            return false;
        }

        var name = executable!.Trim().Replace('\\', '/');
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name.Substring(slash + 1);
        }

        foreach (var shell in Shells)
        {
            if (string.Equals(name, shell, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the argument at <paramref name="node"/> comes after a literal <c>"--"</c> element: an earlier
    /// <c>ArgumentList.Add("--")</c> in the same body, or an earlier element of the same initializer.
    /// </summary>
    public static bool FollowsEndOfOptions(SyntaxNode node)
    {
        // the same initializer or collection: { "log", "--", value }
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is InitializerExpressionSyntax or CollectionExpressionSyntax)
            {
                foreach (var child in current.ChildNodes())
                {
                    if (child.SpanStart >= node.SpanStart)
                    {
                        break;
                    }

                    if (IsDoubleDash(child))
                    {
                        return true;
                    }
                }

                break;
            }

            if (current is StatementSyntax or MemberDeclarationSyntax)
            {
                break;
            }
        }

        // an earlier ArgumentList.Add("--") in the same body
        SyntaxNode? body = null;
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
            {
                body = current;
                break;
            }
        }

        if (body is null)
        {
            return false;
        }

        foreach (var invocation in body.DescendantNodes(n => n.SpanStart < node.SpanStart))
        {
            if (invocation.SpanStart >= node.SpanStart)
            {
                continue;
            }

            if (invocation is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" or "Insert", Expression: var list }, ArgumentList.Arguments: { Count: > 0 } arguments }
                && list.ToString().EndsWith("ArgumentList", StringComparison.Ordinal)
                && IsDoubleDash(arguments[arguments.Count - 1].Expression))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDoubleDash(SyntaxNode node)
    {
        if (node is ExpressionElementSyntax element)
        {
            node = element.Expression;
        }

        return node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) && literal.Token.ValueText == "--";
    }
}
