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
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC061: insert <c>app.UseMcpOriginValidation()</c> (McpAnalyzers.AspNetCore) before the endpoint, and bind its
/// allowed hosts and origins from configuration (<c>AddMcpOriginValidation()</c>). Offered when the companion
/// package is referenced; a permissive CORS policy must be narrowed by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HostOriginNotValidatedCodeFix)), Shared]
public sealed class HostOriginNotValidatedCodeFix : DocumentCodeFix
{
    private const string Middleware = "McpAnalyzers.AspNetCore.McpOriginValidationMiddleware";

    protected override string RuleId => RuleIdentifiers.HostOriginNotValidated;

    protected override string? Title(Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(HostOriginNotValidatedAnalyzer.InsertValidationKey) ? "Validate Host and Origin before the MCP endpoint" : null;

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, Middleware, cancellationToken);

    /// <summary>Offered only where the edit can be made (an endpoint mapped on a <c>WebApplication</c> variable, through groups).</summary>
    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await ApplyAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != document;

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var invocation = root?.FindNode(diagnostic.Location.SourceSpan, false, true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (root is null || model is null || invocation is null
            || PipelineEdits.Anchor(invocation) is not { } statement
            || PipelineEdits.ApplicationVariable(invocation, model, cancellationToken) is not { } app)
        {
            return document;
        }

        // One validation before the first endpoint of the same application serves every endpoint after it.
        statement = PipelineEdits.FirstEndpointStatement(root, statement, app, model, cancellationToken);

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var newline = root.ToFullString().Contains("\r\n") ? "\r\n" : "\n";
        if (!Calls(root, "UseMcpOriginValidation"))
        {
            PipelineEdits.InsertBefore(editor, statement, new List<string> { app + ".UseMcpOriginValidation();" }, newline);
        }

        if (!Calls(root, "AddMcpOriginValidation") && PipelineEdits.BuilderBuildStatement(root, model, cancellationToken) is { } build)
        {
            PipelineEdits.InsertBefore(editor, build.Statement, new List<string> { build.Builder + ".Services.AddMcpOriginValidation();" }, newline);
        }

        var newRoot = UsingDirectives.Ensure(editor.GetChangedRoot(), "Microsoft.Extensions.DependencyInjection");
        return document.WithSyntaxRoot(UsingDirectives.Ensure(newRoot, "Microsoft.AspNetCore.Builder"));
    }

    private static bool Calls(SyntaxNode root, string method)
        => root.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name == method);
}
