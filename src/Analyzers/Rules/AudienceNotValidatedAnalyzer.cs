using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC051: the token audience is not validated: <c>ValidateAudience = false</c>, an <c>AudienceValidator</c>
/// that always returns true, or <c>AddJwtBearer(options =&gt; ...)</c> that sets neither <c>Audience</c> nor
/// <c>ValidAudience(s)</c> (reported at the lambda; a scheme bound from configuration alone is not judged).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AudienceNotValidatedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the fixer corrects it (True, Remove, AddAudience).</summary>
    public const string FixKey = "Fix";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC051);

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

            start.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
            start.RegisterOperationAction(AnalyzeJwtBearer, OperationKind.Invocation);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
        {
            return;
        }

        if (TokenValidation.IsValidationParameter(property, "ValidateAudience") && OperationExtensions.Unwrap(assignment.Value).ConstantValue is { HasValue: true, Value: false })
        {
            Report(context, assignment.Syntax, "ValidateAudience = false accepts tokens issued for any service", "True");
        }
        else if (TokenValidation.IsValidationParameter(property, "AudienceValidator") && TokenValidation.IsAlwaysTrue(assignment.Value))
        {
            Report(context, assignment.Syntax, "An AudienceValidator that always returns true accepts tokens issued for any service", "Remove");
        }
    }

    private static void AnalyzeJwtBearer(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "AddJwtBearer")
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = OperationExtensions.Unwrap(argument.Value);
            if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && !SetsAudience(lambda))
            {
                Report(context, lambda.Syntax, "AddJwtBearer sets neither Audience nor ValidAudience(s), so any audience passes", "AddAudience");
            }
        }
    }

    /// <summary>The options lambda sets an audience, or turns audience validation off (reported on its own).</summary>
    private static bool SetsAudience(IAnonymousFunctionOperation lambda)
    {
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Audience" or "ValidAudience" or "ValidAudiences" or "ValidateAudience" or "AudienceValidator" } })
            {
                return true;
            }

            if (operation is IInvocationOperation { TargetMethod.Name: "Bind" or "Configure" })
            {
                return true; // bound from configuration
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode at, string what, string fix)
        => context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC051, at.GetLocation(), ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix), what));
}
