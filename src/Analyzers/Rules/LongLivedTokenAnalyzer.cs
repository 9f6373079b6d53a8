using System;
using System.Collections.Immutable;
using System.Globalization;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC050: tokens that live longer than the maximum (90 days by default) or never expire:
/// <c>SecurityTokenDescriptor.Expires</c>, <c>JwtSecurityToken(expires:)</c> and lifetime/expiration settings
/// evaluated at compile time; <c>ValidateLifetime = false</c>, <c>RequireExpirationTime = false</c>, and a
/// <c>LifetimeValidator</c> that always returns true.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LongLivedTokenAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The default of <c>mcpsec.MCPSEC050.max_token_days</c> (a per-file option, parsed by <see cref="McpOptions"/>).</summary>
    public const int DefaultMaxDays = McpOptions.DefaultMaxTokenDays;

    /// <summary>Diagnostic property: how the fixer corrects the value (Cap, True, Remove) and the cap in days.</summary>
    public const string FixKey = "Fix";
    public const string MaxDaysKey = "MaxDays";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC050);

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

            start.RegisterOperationAction(c => AnalyzeAssignment(c, mcp), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeArgument(c, mcp), OperationKind.Argument);
        });
    }

    private static int MaxDays(McpCompilationContext mcp, SyntaxTree tree) => mcp.Options.ForFile(tree).MaxTokenDays;

    private static void AnalyzeAssignment(OperationAnalysisContext context, McpCompilationContext mcp)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
        {
            return;
        }

        var maxDays = MaxDays(mcp, assignment.Syntax.SyntaxTree);
        if ((TokenValidation.IsValidationParameter(property, "ValidateLifetime") || TokenValidation.IsValidationParameter(property, "RequireExpirationTime"))
            && OperationExtensions.Unwrap(assignment.Value).ConstantValue is { HasValue: true, Value: false })
        {
            Report(context, assignment, property.Name + " = false accepts tokens that never expire", maxDays, "True");
            return;
        }

        if (TokenValidation.IsValidationParameter(property, "LifetimeValidator") && TokenValidation.IsAlwaysTrue(assignment.Value))
        {
            Report(context, assignment, "A LifetimeValidator that always returns true accepts expired tokens", maxDays, "Remove");
            return;
        }

        var isExpiry = (property.Name == "Expires" && property.ContainingType.IsType("Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor")) || IsLifetimeSetting(property);
        if (isExpiry && LifetimeEvaluator.Days(assignment.Value) is { } days && days > maxDays)
        {
            Report(context, assignment, property.Name + " " + Describe(days), maxDays, "Cap");
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, McpCompilationContext mcp)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { Name: "expires" } parameter || !(parameter.ContainingType.IsType("System.IdentityModel.Tokens.Jwt.JwtSecurityToken") || parameter.ContainingType.IsType("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler") || parameter.ContainingType.IsType("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler")))
        {
            return;
        }

        var maxDays = MaxDays(mcp, argument.Syntax.SyntaxTree);
        if (LifetimeEvaluator.Days(argument.Value) is { } days && days > maxDays)
        {
            Report(context, argument, "The token expires " + Describe(days).Replace("is ", string.Empty), maxDays, "Cap");
        }
    }

    /// <summary>TimeSpan/DateTime settings named for a token or cookie lifetime.</summary>
    private static bool IsLifetimeSetting(IPropertySymbol property)
        => (property.Type.IsType("System.TimeSpan") || property.Type.IsType("System.DateTime") || property.Type.IsType("System.DateTimeOffset") || property.Type.IsType("System.Nullable`1"))
           && (property.Name.IndexOf("Lifetime", StringComparison.Ordinal) >= 0 || property.Name.IndexOf("Lifespan", StringComparison.Ordinal) >= 0
               || property.Name == "ExpireTimeSpan" || property.Name.EndsWith("Expiration", StringComparison.Ordinal))
           && property.Name.IndexOf("Skew", StringComparison.Ordinal) < 0;

    private static string Describe(double days)
        => double.IsPositiveInfinity(days) ? "is never (MaxValue)" : "is " + Math.Round(days).ToString(CultureInfo.InvariantCulture) + " days away";

    private static void Report(OperationAnalysisContext context, IOperation at, string what, int maxDays, string fix)
        => context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MCPSEC050,
            at.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix).Add(MaxDaysKey, maxDays.ToString(CultureInfo.InvariantCulture)),
            what,
            maxDays.ToString(CultureInfo.InvariantCulture)));
}
