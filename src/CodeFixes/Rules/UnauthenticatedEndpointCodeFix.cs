using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC001: append <c>.RequireAuthorization()</c> to the endpoint and add what it needs to work, in order:
/// an authentication scheme (the companion package's bearer scheme when no scheme is registered),
/// <c>AddAuthorization()</c>, <c>UseAuthentication()</c> and <c>UseAuthorization()</c>. An explicit
/// <c>.AllowAnonymous()</c> is removed instead.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnauthenticatedEndpointCodeFix)), Shared]
public sealed class UnauthenticatedEndpointCodeFix : DocumentCodeFix
{
    private const string BearerDefaults = "McpAnalyzers.AspNetCore.McpBearerDefaults";

    protected override string RuleId => RuleIdentifiers.UnauthenticatedEndpoint;

    protected override string? Title(Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.ConditionalKey)
            ? null // which branch is right is the author's call
            : diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.AllowAnonymousKey)
            ? "Remove AllowAnonymous()"
            : diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.NeedsSchemeKey)
                ? "Require authorization with the McpBearer scheme (set McpAuth:SigningKeys)"
                : "Require authorization on the MCP endpoint";

    /// <summary>
    /// Without an authentication scheme, <c>UseAuthentication()</c> and <c>RequireAuthorization()</c> make the server fail
    /// at start: the fix adds the companion package's bearer scheme, so it is offered only when that package is
    /// referenced (the diagnostic names it otherwise).
    /// </summary>
    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => !diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.NeedsSchemeKey)
           || diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.AllowAnonymousKey)
           || await ReferencesTypeAsync(document, BearerDefaults, cancellationToken).ConfigureAwait(false);

    protected override Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ApplyAllAsync(document, ImmutableArray.Create(diagnostic), cancellationToken);

    /// <summary>
    /// Fix All applies a document's diagnostics in one edit: the scheme, the services and the middleware are added
    /// once, before the first endpoint, and each endpoint gets its RequireAuthorization(). (Fixes computed one by one
    /// and merged would each insert the middleware before their own endpoint.)
    /// </summary>
    protected override FixAllProvider FixAll => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var fixable = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            if (Title(diagnostic) is not null && await CanFixAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                fixable.Add(diagnostic);
            }
        }

        return fixable.Count == 0 ? document : await ApplyAllAsync(document, fixable.ToImmutable(), context.CancellationToken).ConfigureAwait(false);
    });

    private static async Task<Document> ApplyAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var newline = root.ToFullString().Contains("\r\n") ? "\r\n" : "\n";
        var properties = new HashSet<string>();
        SyntaxNode? firstEndpoint = null;
        string? app = null;
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, false, true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
            {
                continue;
            }

            if (diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.AllowAnonymousKey))
            {
                RemoveCall(editor, invocation);
                continue;
            }

            properties.UnionWith(diagnostic.Properties.Keys);
            editor.ReplaceNode(invocation, SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, invocation.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("RequireAuthorization")))
                .WithTrailingTrivia(invocation.GetTrailingTrivia()));
            if (PipelineEdits.Anchor(invocation) is { } statement && PipelineEdits.ApplicationVariable(invocation, model, cancellationToken) is { } variable
                && (firstEndpoint is null || statement.SpanStart < firstEndpoint.SpanStart))
            {
                firstEndpoint = statement;
                app = variable;
            }
        }

        if (properties.Count == 0)
        {
            return document.WithSyntaxRoot(editor.GetChangedRoot());
        }

        var usings = new List<string>();
        if (firstEndpoint is not null && app is not null)
        {
            // The middleware goes before the first endpoint of the application, where it serves every endpoint after it.
            firstEndpoint = PipelineEdits.FirstEndpointStatement(root, firstEndpoint, app, model, cancellationToken);
            var middleware = new List<string>();
            if (properties.Contains(UnauthenticatedEndpointAnalyzer.NeedsUseAuthenticationKey))
            {
                middleware.Add(app + ".UseAuthentication();");
            }

            if (properties.Contains(UnauthenticatedEndpointAnalyzer.NeedsUseAuthorizationKey))
            {
                middleware.Add(app + ".UseAuthorization();");
            }

            PipelineEdits.InsertBefore(editor, firstEndpoint, middleware, newline);
        }

        if (PipelineEdits.BuilderBuildStatement(root, model, cancellationToken) is { } build)
        {
            var services = new List<string>();
            if (properties.Contains(UnauthenticatedEndpointAnalyzer.NeedsSchemeKey))
            {
                services.Add(build.Builder + ".Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();");
                usings.Add("McpAnalyzers.AspNetCore");
                usings.Add("Microsoft.Extensions.DependencyInjection");
            }

            if (properties.Contains(UnauthenticatedEndpointAnalyzer.NeedsAuthorizationServicesKey))
            {
                services.Add(build.Builder + ".Services.AddAuthorization();");
                usings.Add("Microsoft.Extensions.DependencyInjection");
            }

            PipelineEdits.InsertBefore(editor, build.Statement, services, newline);
        }

        var newRoot = editor.GetChangedRoot();
        foreach (var ns in usings.Distinct())
        {
            newRoot = UsingDirectives.Ensure(newRoot, ns);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static void RemoveCall(DocumentEditor editor, InvocationExpressionSyntax call)
    {
        if (call.Parent is ExpressionStatementSyntax statement && call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax })
        {
            editor.RemoveNode(statement.Parent is GlobalStatementSyntax global ? global : statement, SyntaxRemoveOptions.KeepNoTrivia);
        }
        else if (call.Expression is MemberAccessExpressionSyntax access)
        {
            editor.ReplaceNode(call, access.Expression.WithTrailingTrivia(call.GetTrailingTrivia()));
        }
    }
}
