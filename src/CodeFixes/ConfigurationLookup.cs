using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes;

/// <summary>
/// A configuration lookup that fails loudly when unset: through an <c>IConfiguration</c> (or a
/// <c>WebApplicationBuilder</c>) in scope when there is one, else through the environment.
/// </summary>
internal static class ConfigurationLookup
{
    public static string Expression(string configurationKey, string environmentVariable, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        // In a field or property initializer only static members can be read.
        var staticOnly = node.FirstAncestorOrSelf<FieldDeclarationSyntax>() is not null
                         || node.FirstAncestorOrSelf<EqualsValueClauseSyntax>()?.Parent is PropertyDeclarationSyntax
                         || model.GetEnclosingSymbol(node.SpanStart, cancellationToken) is { IsStatic: true };
        foreach (var symbol in model.LookupSymbols(node.SpanStart))
        {
            var type = symbol switch
            {
                ILocalSymbol local when DeclaredBefore(local, node) => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field when field.IsStatic || !staticOnly => field.Type,
                IPropertySymbol property when property.IsStatic || !staticOnly => property.Type,
                _ => null,
            };

            if (type is null)
            {
                continue;
            }

            var configuration = IsConfiguration(type) ? symbol.Name
                : type.Name == "WebApplicationBuilder" && symbol is ILocalSymbol ? symbol.Name + ".Configuration"
                : null;
            if (configuration is not null)
            {
                return configuration + "[\"" + configurationKey + "\"] ?? throw new System.InvalidOperationException(\"Set " + configurationKey + " (user-secrets, the environment or a vault).\")";
            }
        }

        return "System.Environment.GetEnvironmentVariable(\"" + environmentVariable + "\") ?? throw new System.InvalidOperationException(\"Set the " + environmentVariable + " environment variable.\")";
    }

    private static bool DeclaredBefore(ILocalSymbol local, SyntaxNode node)
        => local.Locations.Length > 0 && local.Locations[0].IsInSource && local.Locations[0].SourceTree == node.SyntaxTree
           && local.Locations[0].SourceSpan.End < node.SpanStart
           && node.FirstAncestorOrSelf<VariableDeclaratorSyntax>()?.Identifier.ValueText != local.Name;

    private static bool IsConfiguration(ITypeSymbol type)
        => (type.Name == "IConfiguration" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Configuration")
           || type.AllInterfaces.Any(i => i.Name == "IConfiguration" && i.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Configuration");
}
