using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using McpAnalyzers.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC020: replace the literal with a lookup that fails loudly when unset: <c>configuration["GitHubToken"]</c>
/// when an <c>IConfiguration</c> (or a <c>WebApplicationBuilder</c>) is in scope, else
/// <c>Environment.GetEnvironmentVariable("GITHUB_TOKEN")</c>. A <c>const</c> becomes <c>static readonly</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardcodedCredentialCodeFix)), Shared]
public sealed class HardcodedCredentialCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.HardcodedCredential);

    public override FixAllProvider GetFixAllProvider() => MergedFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root?.FindNode(diagnostic.Location.SourceSpan, false, true);
            if (node is not (LiteralExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or InitializerExpressionSyntax) || RequiresConstant(node))
            {
                continue;
            }

            if (diagnostic.Properties.ContainsKey(HardcodedCredentialAnalyzer.FallbackKey) && !IsCoalesceFallback(node))
            {
                continue; // GetValue("Key", "...") : dropping the default changes the call's type; fixed by hand
            }

            context.RegisterCodeFix(
                CodeAction.Create("Read the secret from configuration (set it there, and rotate the old one)", ct => ApplyAsync(context.Document, diagnostic, ct), nameof(HardcodedCredentialCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(diagnostic.Location.SourceSpan, false, true) as ExpressionSyntax;
        if (root is null || model is null || node is null)
        {
            return document;
        }

        // The analyzer names the configuration key (the member the value is bound to, else one for its kind of secret).
        var name = diagnostic.Properties.TryGetValue(HardcodedCredentialAnalyzer.NameKey, out var n) && !string.IsNullOrEmpty(n) ? n! : CredentialMatch.KeyName;
        var lookup = ConfigurationLookup.Expression(name, SecretRules.EnvironmentName(name), node, model, cancellationToken);
        string replacement;
        if (diagnostic.Properties.TryGetValue(HardcodedCredentialAnalyzer.FallbackKey, out var key) && IsCoalesceFallback(node))
        {
            // lookup ?? "literal" becomes lookup ?? throw: the setting the code already reads is required.
            replacement = "throw new System.InvalidOperationException(" + SyntaxFactory.Literal("Set " + key + " (user-secrets, the environment or a vault).").ToString() + ")";
        }
        else if (node is LiteralExpressionSyntax literal && literal.Token.ValueText.StartsWith("Bearer ", System.StringComparison.OrdinalIgnoreCase))
        {
            replacement = "\"Bearer \" + (" + lookup + ")";
        }
        else if (node is LiteralExpressionSyntax)
        {
            replacement = lookup;
        }
        else
        {
            replacement = "System.Convert.FromBase64String(" + lookup + ")";
        }

        var newNode = SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation);
        var newRoot = root.ReplaceNode(node, newNode);

        // A constant cannot hold a lookup: const fields become static readonly, const locals plain locals.
        var declaration = newRoot.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(node.SpanStart, 0), false, true).FirstAncestorOrSelf<FieldDeclarationSyntax>();
        if (declaration is not null && declaration.Modifiers.Any(SyntaxKind.ConstKeyword))
        {
            var modifiers = declaration.Modifiers;
            var constToken = modifiers.First(m => m.IsKind(SyntaxKind.ConstKeyword));
            var replacementModifiers = SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithLeadingTrivia(constToken.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(constToken.TrailingTrivia));
            var index = modifiers.IndexOf(constToken);
            var newModifiers = modifiers.RemoveAt(index).InsertRange(index, replacementModifiers);
            newRoot = newRoot.ReplaceNode(declaration, declaration.WithModifiers(newModifiers));
        }

        var local = newRoot.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(node.SpanStart, 0), false, true).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        if (local is not null && local.IsConst)
        {
            newRoot = newRoot.ReplaceNode(local, local.WithModifiers(SyntaxFactory.TokenList()).WithLeadingTrivia(local.GetLeadingTrivia()));
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>The right-hand side of <c>??</c> itself (not in parentheses), where a throw expression may stand.</summary>
    private static bool IsCoalesceFallback(SyntaxNode node)
        => node.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce && coalesce.Right == node;

    /// <summary>Places that must hold a constant: attribute arguments, parameter defaults, case labels.</summary>
    private static bool RequiresConstant(SyntaxNode node)
        => node.Ancestors().Any(a => a is AttributeArgumentSyntax or ParameterSyntax or CaseSwitchLabelSyntax or ConstantPatternSyntax);
}
