using System.Composition;
using System.Linq;
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
/// MCPSEC071: <c>Console.WriteLine(x)</c> becomes <c>Console.Error.WriteLine(x)</c> (likewise <c>Console.Out</c> and the
/// standard output stream); for console logging, <c>builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold =
/// LogLevel.Trace)</c> is added before the server setup, on the builder the setup starts from.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StdoutOnStdioCodeFix)), Shared]
public sealed class StdoutOnStdioCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.StdoutOnStdio;

    protected override string? Title(Diagnostic diagnostic) => Kind(diagnostic) switch
    {
        "Console" => "Write to standard error",
        "Logging" => "Send console logs to standard error",
        _ => null,
    };

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation?.Expression is not MemberAccessExpressionSyntax access)
        {
            return document;
        }

        if (Kind(diagnostic) == "Console")
        {
            ExpressionSyntax replacement = access switch
            {
                { Name.Identifier.ValueText: "OpenStandardOutput" } => access.WithName(SyntaxFactory.IdentifierName("OpenStandardError")),
                { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Out" } outAccess } =>
                    access.WithExpression(outAccess.WithName(SyntaxFactory.IdentifierName("Error").WithTriviaFrom(outAccess.Name))),
                _ => access.WithExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression, SyntaxFactory.IdentifierName("Error"))),
            };
            return document.WithSyntaxRoot(root.ReplaceNode(access, replacement));
        }

        // The builder the server setup starts from: builder.Services.AddMcpServer().WithStdioServerTransport()
        ExpressionSyntax leftmost = access;
        while (true)
        {
            switch (leftmost)
            {
                case InvocationExpressionSyntax call:
                    leftmost = call.Expression;
                    continue;
                case MemberAccessExpressionSyntax member:
                    leftmost = member.Expression;
                    continue;
            }

            break;
        }

        if (leftmost is not IdentifierNameSyntax builder
            || model.GetTypeInfo(builder, cancellationToken).Type is not { } builderType
            || !builderType.GetMembers("Logging").Any()
            || invocation.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax or GlobalStatementSyntax } statement)
        {
            return document;
        }

        var added = SyntaxFactory.ParseStatement(
                builder.Identifier.ValueText + ".Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);" + "\n")
            .WithLeadingTrivia(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        SyntaxNode newRoot;
        if (statement.Parent is GlobalStatementSyntax global)
        {
            newRoot = root.InsertNodesBefore(global, new[] { SyntaxFactory.GlobalStatement(added).WithLeadingTrivia(global.GetLeadingTrivia()) });
        }
        else
        {
            newRoot = root.InsertNodesBefore(statement, new[] { added });
        }

        return document.WithSyntaxRoot(UsingDirectives.Ensure(newRoot, "Microsoft.Extensions.Logging"));
    }

    private static string? Kind(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(StdoutOnStdioAnalyzer.KindKey, out var kind) ? kind : null;
}
