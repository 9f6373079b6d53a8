using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC011: turns SQL built by interpolation or concatenation into constant SQL with parameters. ADO.NET:
/// <c>@name</c> placeholders and <c>cmd.Parameters.AddWithValue("@name", value)</c> after the command is made;
/// Dapper: placeholders and a parameter object; EF Core: <c>FromSqlRaw($"...")</c> becomes <c>FromSql($"...")</c>,
/// which sends each hole as a parameter. Quotes around a hole (<c>'{name}'</c>) go, since a parameter is a value.
/// Identifiers quoted by SqlGuard stay in the text. Offered when every part can be placed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RawSqlTextCodeFix)), Shared]
public sealed class RawSqlTextCodeFix : DocumentCodeFix
{
    private static readonly Dictionary<string, string> EfReplacements = new(StringComparer.Ordinal)
    {
        ["FromSqlRaw"] = "FromSql",
        ["ExecuteSqlRaw"] = "ExecuteSql",
        ["ExecuteSqlRawAsync"] = "ExecuteSqlAsync",
        ["SqlQueryRaw"] = "SqlQuery",
    };

    protected override string RuleId => RuleIdentifiers.RawSqlText;

    protected override string? Title(Diagnostic diagnostic) => Api(diagnostic) switch
    {
        "EfCore" => "Use FromSql/ExecuteSql with an interpolated FormattableString",
        "Dapper" => "Pass the values in a Dapper parameter object",
        "Ado" => "Pass the values as command parameters",
        _ => null,
    };

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await GuardWrapping.FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } value
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || Split(value, model, cancellationToken) is not { } pieces)
        {
            return document;
        }

        var newRoot = Api(diagnostic) switch
        {
            "EfCore" => FixEfCore(root, value, pieces),
            "Dapper" => FixDapper(root, value, pieces),
            "Ado" => FixAdo(root, value, pieces, model, cancellationToken),
            _ => null,
        };
        return newRoot is null ? document : document.WithSyntaxRoot(newRoot);
    }

    private static string? Api(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(RawSqlTextAnalyzer.ApiKey, out var api) ? api : null;

    private static SyntaxNode? FixEfCore(SyntaxNode root, ExpressionSyntax value, List<Piece> pieces)
    {
        if (value.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax invocation } }
            || invocation.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access
            || !EfReplacements.TryGetValue(name.Identifier.ValueText, out var replacement))
        {
            return null;
        }

        var interpolated = Interpolated(pieces, hole => hole.Expression);
        var newInvocation = invocation
            .ReplaceNode(value, interpolated.WithTriviaFrom(value))
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName(replacement).WithTriviaFrom(name)));
        return root.ReplaceNode(invocation, newInvocation.WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static SyntaxNode? FixDapper(SyntaxNode root, ExpressionSyntax value, List<Piece> pieces)
    {
        if (value.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax list } argument
            || list.Arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == "param")
            || list.Arguments.IndexOf(argument) != list.Arguments.Count - 1)
        {
            return null; // a parameter object is already there, or positional arguments follow the SQL
        }

        var names = Name(pieces);
        var members = pieces.Where(p => p.IsParameter).Select(p => p.Name == p.Expression!.ToString()
            ? SyntaxFactory.AnonymousObjectMemberDeclarator(p.Expression.WithoutTrivia())
            : SyntaxFactory.AnonymousObjectMemberDeclarator(SyntaxFactory.NameEquals(p.Name!), p.Expression!.WithoutTrivia()));
        var parameterObject = SyntaxFactory.Argument(SyntaxFactory.AnonymousObjectCreationExpression(SyntaxFactory.SeparatedList(members)))
            .WithNameColon(SyntaxFactory.NameColon("param"));
        var newList = list.ReplaceNode(value, Text(pieces).WithTriviaFrom(value));
        newList = newList.AddArguments(parameterObject);
        _ = names;
        return root.ReplaceNode(list, newList.WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static SyntaxNode? FixAdo(SyntaxNode root, ExpressionSyntax value, List<Piece> pieces, SemanticModel model, CancellationToken cancellationToken)
    {
        // Where the command is: var cmd = new XCommand(sql, ...); var cmd = source.CreateCommand(sql); cmd.CommandText = sql;
        ExpressionSyntax? command = null;
        StatementSyntax? statement = null;
        ITypeSymbol? commandType = null;
        switch (value.Parent)
        {
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: (ObjectCreationExpressionSyntax or InvocationExpressionSyntax) and var creation } }
                when creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } && declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration:
                command = SyntaxFactory.IdentifierName(declarator.Identifier.ValueText);
                statement = declaration;
                commandType = model.GetTypeInfo(creation, cancellationToken).Type;
                break;
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target, Parent: ExpressionStatementSyntax expressionStatement }:
                command = target.Expression;
                statement = expressionStatement;
                commandType = model.GetTypeInfo(target.Expression, cancellationToken).Type;
                break;
            case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "CommandText" }, Parent: InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax initialized } }
                when initialized.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } && declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration:
                command = SyntaxFactory.IdentifierName(declarator.Identifier.ValueText);
                statement = declaration;
                commandType = model.GetTypeInfo(initialized, cancellationToken).Type;
                break;
        }

        if (command is null || statement?.Parent is not BlockSyntax || !HasAddWithValue(commandType))
        {
            return null;
        }

        Name(pieces);
        var added = pieces.Where(p => p.IsParameter).Select(p => (StatementSyntax)SyntaxFactory.ParseStatement(
                command.WithoutTrivia().ToFullString() + ".Parameters.AddWithValue(\"@" + p.Name + "\", " + p.Expression!.WithoutTrivia().ToFullString() + ");")
            .WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        var tracked = root.TrackNodes(value, statement);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(value)!, Text(pieces).WithTriviaFrom(value));
        var currentStatement = tracked.GetCurrentNode(statement)!;
        return tracked.InsertNodesAfter(currentStatement, added.Select(s => s.WithLeadingTrivia(currentStatement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithTrailingTrivia(currentStatement.GetTrailingTrivia())));
    }

    private static bool HasAddWithValue(ITypeSymbol? commandType)
    {
        var parameters = commandType?.GetMembers("Parameters").OfType<IPropertySymbol>().FirstOrDefault()?.Type
                         ?? commandType?.BaseType?.GetMembers("Parameters").OfType<IPropertySymbol>().FirstOrDefault()?.Type;
        for (var type = parameters; type is not null; type = type.BaseType)
        {
            if (type.GetMembers("AddWithValue").Any())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One part of the SQL: text, a value that becomes a parameter, or an identifier hole that stays.</summary>
    private sealed class Piece
    {
        public string? Text { get; set; }

        public ExpressionSyntax? Expression { get; set; }

        public bool IsParameter { get; set; }

        public string? Name { get; set; }
    }

    /// <summary>The SQL's parts, or null when a part cannot become a parameter (a hole inside quotes with other text).</summary>
    private static List<Piece>? Split(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        var pieces = new List<Piece>();
        if (!Collect(value, pieces, model, cancellationToken))
        {
            return null;
        }

        // merge adjacent text, then drop the quotes around a value: '{name}' -> @name
        var merged = new List<Piece>();
        foreach (var piece in pieces)
        {
            if (piece.Text is not null && merged.Count > 0 && merged[merged.Count - 1].Text is { } previous)
            {
                merged[merged.Count - 1].Text = previous + piece.Text;
            }
            else
            {
                merged.Add(piece);
            }
        }

        for (var i = 0; i < merged.Count; i++)
        {
            if (!merged[i].IsParameter)
            {
                continue;
            }

            if (InsideLiteral(merged, i) && !(i > 0 && i + 1 < merged.Count && merged[i - 1].Text is { } open && open.EndsWith("'", StringComparison.Ordinal)
                                              && merged[i + 1].Text is { } close && close.StartsWith("'", StringComparison.Ordinal)))
            {
                return null; // '%{x}%' and the like: the value is part of a longer literal
            }

            var before = i > 0 ? merged[i - 1].Text : null;
            var after = i + 1 < merged.Count ? merged[i + 1].Text : null;
            var quotedBefore = before?.EndsWith("'", StringComparison.Ordinal) == true;
            var quotedAfter = after?.StartsWith("'", StringComparison.Ordinal) == true;
            if (quotedBefore != quotedAfter)
            {
                return null; // '%{x}%' and the like: the value is part of a literal
            }

            if (quotedBefore)
            {
                merged[i - 1].Text = before!.Substring(0, before.Length - 1);
                merged[i + 1].Text = after!.Substring(1);
            }
        }

        return merged.Any(p => p.IsParameter) ? merged : null;
    }

    /// <summary>True when an odd number of quotes comes before piece <paramref name="index"/>: it sits in a string literal.</summary>
    private static bool InsideLiteral(List<Piece> pieces, int index)
    {
        var quotes = 0;
        for (var i = 0; i < index; i++)
        {
            quotes += pieces[i].Text?.Count(c => c == '\'') ?? 0;
        }

        return quotes % 2 == 1;
    }

    private static bool Collect(ExpressionSyntax expression, List<Piece> pieces, SemanticModel model, CancellationToken cancellationToken)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        var constant = model.GetConstantValue(expression, cancellationToken);
        if (constant.HasValue)
        {
            pieces.Add(new Piece { Text = constant.Value?.ToString() ?? string.Empty });
            return true;
        }

        switch (expression)
        {
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return Collect(binary.Left, pieces, model, cancellationToken) && Collect(binary.Right, pieces, model, cancellationToken);
            case InterpolatedStringExpressionSyntax interpolated when interpolated.StringStartToken.ValueText.IndexOf('"') >= 0:
                foreach (var content in interpolated.Contents)
                {
                    switch (content)
                    {
                        case InterpolatedStringTextSyntax text:
                            pieces.Add(new Piece { Text = text.TextToken.ValueText });
                            break;
                        case InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole:
                            if (!Collect(hole.Expression, pieces, model, cancellationToken))
                            {
                                return false;
                            }

                            break;
                        default:
                            return false;
                    }
                }

                return true;
            default:
                pieces.Add(IsQuotedIdentifier(expression, model, cancellationToken)
                    ? new Piece { Expression = expression }
                    : new Piece { Expression = expression, IsParameter = true });
                return true;
        }
    }

    private static bool IsQuotedIdentifier(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        => model.GetSymbolInfo(expression, cancellationToken).Symbol is IMethodSymbol { Name: "Identifier" or "QuoteIdentifier" };

    /// <summary>Gives each parameter a name from its expression (<c>name</c>, <c>request.Name</c> -> <c>Name</c>), unique.</summary>
    private static HashSet<string> Name(List<Piece> pieces)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var piece in pieces.Where(p => p.IsParameter))
        {
            if (piece.Name is not null)
            {
                used.Add(piece.Name);
                continue;
            }

            var name = piece.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
                _ => "p" + index,
            };
            while (!used.Add(name))
            {
                name += index;
            }

            piece.Name = name;
            index++;
        }

        return used;
    }

    /// <summary>The SQL with placeholders: a literal, or an interpolated string when identifier holes stay.</summary>
    private static ExpressionSyntax Text(List<Piece> pieces)
    {
        Name(pieces);
        if (pieces.All(p => p.IsParameter || p.Text is not null))
        {
            var text = new StringBuilder();
            foreach (var piece in pieces)
            {
                text.Append(piece.IsParameter ? "@" + piece.Name : piece.Text);
            }

            return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text.ToString()));
        }

        return Interpolated(pieces, hole => hole.IsParameter ? null : hole.Expression);
    }

    /// <summary>An interpolated string of the pieces; holes map to an expression, or to their @name when null.</summary>
    private static InterpolatedStringExpressionSyntax Interpolated(List<Piece> pieces, Func<Piece, ExpressionSyntax?> hole)
    {
        var builder = new StringBuilder("$\"");
        foreach (var piece in pieces)
        {
            if (piece.Text is not null)
            {
                builder.Append(piece.Text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("{", "{{").Replace("}", "}}").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t"));
            }
            else if (hole(piece) is { } expression)
            {
                builder.Append('{').Append(expression.WithoutTrivia().ToFullString()).Append('}');
            }
            else
            {
                builder.Append('@').Append(piece.Name);
            }
        }

        builder.Append('"');
        return (InterpolatedStringExpressionSyntax)SyntaxFactory.ParseExpression(builder.ToString());
    }
}
