using System.Collections.Immutable;
using System.Threading;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC072: <c>ReadOnly = true</c> on a tool that writes files, runs non-query SQL or sends a non-GET HTTP
/// request; <c>Destructive = false</c> on one that deletes or overwrites (through the methods and services it
/// calls, bounded depth). Reported at the named argument.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AnnotationContradictsBehaviorAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the annotation (ReadOnly or Destructive), for the fix.</summary>
    public const string AnnotationKey = "Annotation";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC072);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (mcp.Symbols.ToolAttribute is not { } toolAttribute)
            {
                return;
            }

            var engine = TaintEngine.Get(mcp);
            var effects = new EffectTables(engine);
            start.RegisterSymbolAction(
                context =>
                {
                    var method = (IMethodSymbol)context.Symbol;
                    foreach (var attribute in method.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, toolAttribute))
                        {
                            Check(context, method, attribute, engine, effects);
                        }
                    }
                },
                SymbolKind.Method);
        });
    }

    private static void Check(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, TaintEngine engine, EffectTables effects)
    {
        var claimsReadOnly = false;
        var claimsNotDestructive = false;
        var name = method.Name;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "ReadOnly" when argument.Value.Value is true:
                    claimsReadOnly = true;
                    break;
                case "Destructive" when argument.Value.Value is false:
                    claimsNotDestructive = true;
                    break;
                case "Name" when argument.Value.Value is string toolName:
                    name = toolName;
                    break;
            }
        }

        if (!claimsReadOnly && !claimsNotDestructive)
        {
            return;
        }

        (Effect Effect, string What, string Member, IMethodSymbol Where)? write = null;
        (Effect Effect, string What, string Member, IMethodSymbol Where)? destroy = null;
        foreach (var (body, where) in Bodies(method, engine, context.CancellationToken))
        {
            foreach (var operation in body.Descendants())
            {
                var effect = effects.Classify(operation, context.CancellationToken);
                if (effect is not { } found)
                {
                    continue;
                }

                if ((found.Effect & Effect.Writes) != 0 && write is null)
                {
                    write = (found.Effect, found.What, found.Member, where);
                }

                if ((found.Effect & Effect.Destroys) != 0 && destroy is null)
                {
                    destroy = (found.Effect, found.What, found.Member, where);
                }
            }

            if ((write is not null || !claimsReadOnly) && (destroy is not null || !claimsNotDestructive))
            {
                break;
            }
        }

        if (claimsReadOnly && write is { } w)
        {
            Report(context, method, attribute, "ReadOnly", name, "ReadOnly = true", w.What, Describe(w.Member, w.Where, method));
        }

        if (claimsNotDestructive && destroy is { } d)
        {
            Report(context, method, attribute, "Destructive", name, "Destructive = false", d.What == "writes files" ? "deletes or overwrites files" : d.What, Describe(d.Member, d.Where, method));
        }
    }

    private static System.Collections.Generic.IEnumerable<(IOperation Body, IMethodSymbol Where)> Bodies(IMethodSymbol method, TaintEngine engine, CancellationToken cancellationToken)
    {
        foreach (var (where, body) in CallWalker.Walk(method, engine, CallWalker.DefaultDepth, cancellationToken))
        {
            yield return (body, where);
        }
    }

    private static string Describe(string member, IMethodSymbol where, IMethodSymbol tool)
        => SymbolEqualityComparer.Default.Equals(where.OriginalDefinition, tool.OriginalDefinition)
            ? member
            : member + " in " + (where.ContainingType?.Name is { } type ? type + "." : string.Empty) + where.Name;

    private static void Report(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, string annotation, string name, string claim, string what, string where)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax { ArgumentList: { } arguments })
        {
            return;
        }

        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == annotation)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(AnnotationKey, annotation);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC072, argument.GetLocation(), properties, name, claim, what, where));
                return;
            }
        }
    }
}
