using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC070: hidden instructions in what the model reads: <c>[Description]</c> on primitives, their parameters
/// and return values, <c>Title</c>/<c>Description</c> of the MCP attributes, prompt text, <c>ServerInstructions</c>,
/// and the metadata of tools in referenced assemblies registered with <c>WithTools&lt;T&gt;()</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ToolPoisoningAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the finding is characters the fix can strip from the literal.</summary>
    public const string StripKey = "Strip";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC070);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.ReferencesMcp)
            {
                return;
            }

            var phrases = new Phrases(mcp.Options);
            var checkedTypes = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, mcp, phrases), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeLiteral(c, mcp, phrases), OperationKind.Literal);
            start.RegisterOperationAction(c => AnalyzeRegistration(c, mcp, phrases, checkedTypes), OperationKind.Invocation);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, McpCompilationContext mcp, Phrases phrases)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (mcp.Primitives.GetKind(method) == McpPrimitiveKind.None)
        {
            return;
        }

        CheckAttributes(context, method.GetAttributes(), "The description of '" + method.Name + "'", phrases);
        CheckAttributes(context, method.GetReturnTypeAttributes(), "The return description of '" + method.Name + "'", phrases);
        foreach (var parameter in method.Parameters)
        {
            CheckAttributes(context, parameter.GetAttributes(), "The description of parameter '" + parameter.Name + "'", phrases);
        }
    }

    private static void CheckAttributes(SymbolAnalysisContext context, ImmutableArray<AttributeData> attributes, string where, Phrases phrases)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null)
            {
                continue;
            }

            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                var name = argument.NameEquals?.Name.Identifier.ValueText;
                var isText = name is null ? attribute.AttributeClass.IsType("System.ComponentModel.DescriptionAttribute") : name is "Title" or "Description";
                if (!isText)
                {
                    continue;
                }

                var text = ConstantText(attribute, name);
                if (text is not null)
                {
                    Report(context.ReportDiagnostic, argument.Expression, text, (name is null ? where : where.Replace("description", name.ToLowerInvariant())), phrases.Of(syntax.SyntaxTree));
                }
            }
        }
    }

    private static string? ConstantText(AttributeData attribute, string? name)
    {
        if (name is null)
        {
            return attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
        }

        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == name)
            {
                return named.Value.Value as string;
            }
        }

        return null;
    }

    /// <summary>Prompt text (string literals in a prompt's body) and <c>ServerInstructions</c>.</summary>
    private static void AnalyzeLiteral(OperationAnalysisContext context, McpCompilationContext mcp, Phrases options)
    {
        var literal = (ILiteralOperation)context.Operation;
        if (literal.ConstantValue.Value is not string text || text.Length == 0)
        {
            return;
        }

        IOperation current = literal;
        while (current.Parent is IConversionOperation or IBinaryOperation or IInterpolatedStringOperation or IInterpolatedStringTextOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ServerInstructions" } })
        {
            Report(context.ReportDiagnostic, literal.Syntax, text, "The server instructions", options.Of(literal.Syntax.SyntaxTree));
            return;
        }

        if (context.ContainingSymbol is IMethodSymbol method && mcp.Primitives.GetKind(method) == McpPrimitiveKind.Prompt)
        {
            Report(context.ReportDiagnostic, literal.Syntax, text, "The text of prompt '" + method.Name + "'", options.Of(literal.Syntax.SyntaxTree));
        }
    }

    /// <summary><c>WithTools&lt;T&gt;()</c> / <c>WithPrompts&lt;T&gt;()</c> of a type compiled elsewhere: its metadata is read through symbols.</summary>
    private static void AnalyzeRegistration(OperationAnalysisContext context, McpCompilationContext mcp, Phrases options, ConcurrentDictionary<ITypeSymbol, bool> checkedTypes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("WithTools" or "WithPrompts" or "WithResources") || invocation.TargetMethod.TypeArguments.Length != 1
            || invocation.TargetMethod.TypeArguments[0] is not INamedTypeSymbol type
            || SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, context.Compilation.Assembly) || !checkedTypes.TryAdd(type, true))
        {
            return;
        }

        var phrases = options.Of(invocation.Syntax.SyntaxTree);
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol method || mcp.Primitives.GetKind(method) == McpPrimitiveKind.None)
            {
                continue;
            }

            foreach (var symbol in new ISymbol[] { method }.Concat(method.Parameters))
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    var texts = attribute.AttributeClass.IsType("System.ComponentModel.DescriptionAttribute")
                        ? new[] { ConstantText(attribute, null) }
                        : new[] { ConstantText(attribute, "Title"), ConstantText(attribute, "Description") };
                    foreach (var text in texts)
                    {
                        if (text is not null && HiddenInstructions.Check(text, phrases) is { Kind: not HiddenInstructionKind.None } found)
                        {
                            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC070, invocation.Syntax.GetLocation(),
                                "The metadata of '" + type.Name + "." + method.Name + "' (from " + type.ContainingAssembly?.Name + ")", found.Detail));
                            return;
                        }
                    }
                }
            }
        }
    }

    private static void Report(Action<Diagnostic> report, SyntaxNode at, string text, string where, ImmutableArray<string> phrases)
    {
        var found = HiddenInstructions.Check(text, phrases);
        if (found.Kind == HiddenInstructionKind.None)
        {
            return;
        }

        var properties = found.Kind is HiddenInstructionKind.InvisibleCharacters or HiddenInstructionKind.ControlCharacters && at is LiteralExpressionSyntax
            ? ImmutableDictionary<string, string?>.Empty.Add(StripKey, "true")
            : ImmutableDictionary<string, string?>.Empty;
        report(Diagnostic.Create(DiagnosticDescriptors.MCPSEC070, at.GetLocation(), properties, where, found.Detail));
    }

    /// <summary>
    /// The phrases to look for in a file: the built-in ones and <c>mcpsec.MCPSEC070.extra_phrases</c>, none when
    /// <c>mcpsec.MCPSEC070.phrase_checks = false</c> (both per-file options), worked out once per file.
    /// </summary>
    private sealed class Phrases
    {
        private readonly McpOptions _options;
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<string>> _byFile = new();

        public Phrases(McpOptions options) => _options = options;

        public ImmutableArray<string> Of(SyntaxTree tree) => _byFile.GetOrAdd(tree, t =>
        {
            var file = _options.ForFile(t);
            return file.PhraseChecks ? HiddenInstructions.DefaultPhrases.AddRange(file.ExtraPhrases) : ImmutableArray<string>.Empty;
        });
    }
}
