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

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var invocation = root?.FindNode(diagnostic.Location.SourceSpan, false, true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (root is null || model is null || invocation is null)
        {
            return document;
        }

        if (diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.AllowAnonymousKey))
        {
            return document.WithSyntaxRoot(RemoveCall(root, invocation));
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var newline = root.ToFullString().Contains("\r\n") ? "\r\n" : "\n";
        editor.ReplaceNode(invocation, SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, invocation.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("RequireAuthorization")))
            .WithTrailingTrivia(invocation.GetTrailingTrivia()));

        var usings = new List<string>();
        var mapStatement = PipelineEdits.Anchor(invocation);
        var app = PipelineEdits.ApplicationVariable(invocation, model, cancellationToken);
        if (mapStatement is not null && app is not null)
        {
            var middleware = new List<string>();
            if (diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.NeedsUseAuthenticationKey))
            {
                middleware.Add(app + ".UseAuthentication();");
            }

            if (diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.NeedsUseAuthorizationKey))
            {
                middleware.Add(app + ".UseAuthorization();");
            }

            PipelineEdits.InsertBefore(editor, mapStatement, middleware, newline);
        }

        if (PipelineEdits.BuilderBuildStatement(root, model, cancellationToken) is { } build)
        {
            var services = new List<string>();
            if (diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.NeedsSchemeKey))
            {
                services.Add(build.Builder + ".Services.AddAuthentication(McpBearerDefaults.AuthenticationScheme).AddMcpBearer();");
                usings.Add("McpAnalyzers.AspNetCore");
                usings.Add("Microsoft.Extensions.DependencyInjection");
            }

            if (diagnostic.Properties.ContainsKey(UnauthenticatedEndpointAnalyzer.NeedsAuthorizationServicesKey))
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

    private static SyntaxNode RemoveCall(SyntaxNode root, InvocationExpressionSyntax call)
    {
        if (call.Parent is ExpressionStatementSyntax statement && call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax })
        {
            var removable = statement.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : statement;
            return root.RemoveNode(removable, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        return call.Expression is MemberAccessExpressionSyntax access
            ? root.ReplaceNode(call, access.Expression.WithTrailingTrivia(call.GetTrailingTrivia()))
            : root;
    }
}
