using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC062: read the MCP route from configuration (<c>Mcp:Path</c>) and fail at startup when it is unset,
/// through <c>app.Configuration</c> when the endpoint is mapped on a <c>WebApplication</c>, else the
/// <c>MCP_PATH</c> environment variable.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictableEndpointPathCodeFix)), Shared]
public sealed class PredictableEndpointPathCodeFix : DocumentCodeFix
{
    public const string ConfigurationKey = "Mcp:Path";
    public const string EnvironmentVariable = "MCP_PATH";

    protected override string RuleId => RuleIdentifiers.PredictableEndpointPath;

    protected override string? Title(Diagnostic diagnostic)
        => "Read the MCP path from configuration (set " + ConfigurationKey + " or " + EnvironmentVariable + "; Mcp:Path2... for further endpoints of the file)";

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var invocation = root?.FindNode(diagnostic.Location.SourceSpan, false, true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (root is null || model is null || invocation?.Expression is not MemberAccessExpressionSyntax access)
        {
            return document;
        }

        // Each endpoint of the file gets its own key (Mcp:Path, Mcp:Path2...): one shared key would map two endpoints
        // on one route. The n-th MapMcp of the document, so the key is the same whichever order the fixes run in.
        var ordinal = 1 + PipelineEdits.MapMcpCalls(root).Count(call => call.SpanStart < invocation.SpanStart);

        var suffix = ordinal == 1 ? string.Empty : ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lookup = SyntaxFactory.ParseExpression(BuildLookup(RootReceiver(access.Expression), model, suffix, cancellationToken))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);

        var arguments = invocation.ArgumentList.Arguments;
        ArgumentListSyntax newList;
        var patternIndex = -1;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].NameColon?.Name.Identifier.ValueText == "pattern"
                || (arguments[i].NameColon is null && model.GetTypeInfo(arguments[i].Expression, cancellationToken).ConvertedType?.SpecialType == SpecialType.System_String))
            {
                patternIndex = i;
                break;
            }
        }

        newList = patternIndex >= 0
            ? invocation.ArgumentList.WithArguments(arguments.Replace(arguments[patternIndex], arguments[patternIndex].WithExpression(lookup)))
            : invocation.ArgumentList.WithArguments(arguments.Insert(0, SyntaxFactory.Argument(lookup)));

        return document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, newList));
    }

    private static ExpressionSyntax RootReceiver(ExpressionSyntax receiver)
    {
        // app.MapGroup("/x").MapMcp(): the configuration lives on the application, not on the group
        while (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapGroup" } inner })
        {
            receiver = inner.Expression;
        }

        return receiver;
    }

    private static string BuildLookup(ExpressionSyntax receiver, SemanticModel model, string suffix, CancellationToken cancellationToken)
    {
        var key = ConfigurationKey + suffix;
        var variable = EnvironmentVariable + suffix;
        var fail = " ?? throw new System.InvalidOperationException(\"Set " + key + " to this deployment's MCP route (for example a random segment); it is not a substitute for authentication.\")";
        var type = model.GetTypeInfo(receiver, cancellationToken).Type;
        var isApplication = false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "WebApplication" && current.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Builder")
            {
                isApplication = true;
                break;
            }
        }

        if (isApplication && receiver is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax })
        {
            return receiver.WithoutTrivia().ToString() + ".Configuration[\"" + key + "\"]" + fail;
        }

        return "System.Environment.GetEnvironmentVariable(\"" + variable + "\")" + fail.Replace("Set " + key, "Set " + variable);
    }
}
