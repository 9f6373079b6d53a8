using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using McpAnalyzers.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC020: a credential in source: literals in known credential formats anywhere, connection strings with a
/// literal password, secret-looking literals bound to secret-named members, parameters and configuration keys
/// (also in object and collection initialisers), <c>byte[]</c> signing keys, <c>new SymmetricSecurityKey(Encoding.UTF8.GetBytes("..."))</c>
/// and <c>"Bearer ..."</c> headers. Applies to every project; test projects only when asked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedCredentialAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the configuration name the fix reads (from the symbol the value is bound to).</summary>
    public const string NameKey = "Name";

    /// <summary>
    /// Diagnostic property: the literal is the fallback of a configuration or environment lookup of this key
    /// (<c>?? "..."</c>, <c>GetValue(key, "...")</c>): the fix makes the lookup fail loudly instead.
    /// </summary>
    public const string FallbackKey = "Fallback";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC020);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (TestProjects.ShouldSkip(start.Compilation, mcp.Options, RuleIdentifiers.HardcodedCredential))
            {
                return;
            }

            var lookups = new SecretLookups(start.Compilation, mcp.Symbols);
            start.RegisterOperationAction(context => AnalyzeLiteral(context, lookups), OperationKind.Literal);
            start.RegisterOperationAction(AnalyzeByteArray, OperationKind.ArrayCreation);
        });
    }

    private static void AnalyzeLiteral(OperationAnalysisContext context, SecretLookups lookups)
    {
        var literal = (ILiteralOperation)context.Operation;
        if (literal.ConstantValue.Value is not string value || value.Length < 4 || IsMetadata(literal.Syntax))
        {
            return;
        }

        var (name, nameKind) = BoundName(literal);
        var fallbackKey = lookups.FallbackKey(literal, context.CancellationToken);
        if (fallbackKey is not null && nameKind == SecretRules.NameKind.None)
        {
            // Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? "...": the literal is the secret wherever the variable is unset.
            var lastSegment = fallbackKey.Substring(fallbackKey.LastIndexOf(':') + 1);
            var keyKind = SecretRules.Classify(lastSegment);
            if (keyKind != SecretRules.NameKind.None)
            {
                (name, nameKind) = (lastSegment, keyKind);
            }
        }

        var documentation = lookups.IsMessageText(literal) || SecretRules.ReadsAsProse(value);
        string? what = null;
        var defaultName = CredentialMatch.KeyName; // the configuration name when the value is bound to none
        if (CredentialFormats.Find(value) is { } format)
        {
            what = "A " + format.Kind;
            defaultName = format.ConfigurationName;
        }
        else if (!documentation && (nameKind == SecretRules.NameKind.ConnectionString || LooksLikeConnectionString(value)) && SecretRules.ConnectionStringSecret(value) is { } key)
        {
            what = "A connection string with a literal " + key;
            defaultName = "ConnectionString";
        }
        else if (nameKind is SecretRules.NameKind.Password or SecretRules.NameKind.Secret && SecretRules.IsSecretValue(nameKind, value) && !documentation)
        {
            what = "The " + (fallbackKey is not null ? "fallback value of the " : string.Empty) + (nameKind == SecretRules.NameKind.Password ? "password" : "secret") + " '" + name + "'";
        }
        else if (documentation)
        {
            return;
        }
        else if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !SecretRules.IsPlaceholder(value.Substring(7)) && value.Length >= 7 + 16)
        {
            what = "A bearer token";
            name ??= "BearerToken";
        }
        else if (IsBearerHeaderValue(literal) && !SecretRules.IsPlaceholder(value) && value.Length >= 16)
        {
            what = "A bearer token";
            name ??= "BearerToken";
        }
        else if (IsSigningKeyBytes(literal) && !SecretRules.IsPlaceholder(value))
        {
            what = "A signing key";
            name = "SigningKey";
        }

        if (what is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(NameKey, name ?? defaultName);
        if (fallbackKey is not null)
        {
            properties = properties.Add(FallbackKey, fallbackKey);
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC020, literal.Syntax.GetLocation(), properties, what, SecretRules.Redact(value)));
    }

    /// <summary><c>byte[] SigningKey = { 0x12, ... }</c> or a byte array given to a key or HMAC constructor.</summary>
    private static void AnalyzeByteArray(OperationAnalysisContext context)
    {
        var array = (IArrayCreationOperation)context.Operation;
        if (array.Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } || array.Initializer is not { } initializer
            || initializer.ElementValues.Length < 16)
        {
            return;
        }

        var distinct = new System.Collections.Generic.HashSet<object?>();
        foreach (var element in initializer.ElementValues)
        {
            if (!element.ConstantValue.HasValue)
            {
                return;
            }

            distinct.Add(element.ConstantValue.Value);
        }

        if (distinct.Count < 8)
        {
            return; // zero-filled or patterned buffers are not keys
        }

        var (name, kind) = BoundName(array);
        var keyConsumer = array.Parent is IArgumentOperation { Parent: IObjectCreationOperation creation } && IsKeyType(creation.Type);
        if (kind != SecretRules.NameKind.None || keyConsumer || (name is not null && name.IndexOf("key", StringComparison.OrdinalIgnoreCase) >= 0))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC020, array.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(NameKey, name ?? "SigningKey"),
                "A " + initializer.ElementValues.Length + "-byte key", "byte array literal"));
        }
    }

    /// <summary>The member, local, parameter or configuration key a value is assigned or passed to.</summary>
    internal static (string? Name, SecretRules.NameKind Kind) BoundName(IOperation value)
    {
        var operation = value;
        while (operation.Parent is IConversionOperation or IParenthesizedOperation or ICoalesceOperation)
        {
            operation = operation.Parent;
        }

        string? name = operation.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.Name,
            IFieldInitializerOperation field when field.InitializedFields.Length > 0 => field.InitializedFields[0].Name,
            IPropertyInitializerOperation property when property.InitializedProperties.Length > 0 => property.InitializedProperties[0].Name,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer } => indexer.Arguments[0].Value.ConstantValue.Value as string,
            ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } => member.Member.Name,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local.Name,
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd" or "SetValue" or "Set" } add } argument
                when add.Arguments.Length == 2 && argument == add.Arguments[1] => add.Arguments[0].Value.ConstantValue.Value as string,
            IArgumentOperation argument => argument.Parameter?.Name,
            IReturnOperation => (operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol)?.AssociatedSymbol?.Name,
            _ => null,
        };

        if (name is null)
        {
            return (null, SecretRules.NameKind.None);
        }

        var lastSegment = name.Substring(name.LastIndexOf(':') + 1);
        return (lastSegment, SecretRules.Classify(lastSegment));
    }

    private static bool LooksLikeConnectionString(string value)
    {
        var pairs = 0;
        foreach (var _ in SecretRules.ParseConnectionString(value))
        {
            pairs++;
        }

        return pairs >= 2 && value.IndexOf(';') >= 0;
    }

    private static bool IsBearerHeaderValue(ILiteralOperation literal)
        => literal.Parent is IArgumentOperation { Parent: IObjectCreationOperation { Type.Name: "AuthenticationHeaderValue" } creation } argument
           && creation.Arguments.Length == 2 && argument == creation.Arguments[1]
           && creation.Arguments[0].Value.ConstantValue.Value is string scheme && string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>new SymmetricSecurityKey(Encoding.UTF8.GetBytes("..."))</c> and friends.</summary>
    private static bool IsSigningKeyBytes(ILiteralOperation literal)
    {
        if (literal.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetBytes" } getBytes })
        {
            return false;
        }

        IOperation current = getBytes;
        while (current.Parent is IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IArgumentOperation { Parent: IObjectCreationOperation creation } && IsKeyType(creation.Type);
    }

    private static bool IsKeyType(ITypeSymbol? type)
        => type?.Name is "SymmetricSecurityKey" or "HMACSHA256" or "HMACSHA384" or "HMACSHA512" or "HMACSHA1" or "HMACMD5";

    /// <summary>Attribute arguments (descriptions, documentation) and nameof are not where secrets live.</summary>
    private static bool IsMetadata(SyntaxNode syntax)
    {
        for (var node = syntax.Parent; node is not null; node = node.Parent)
        {
            if (node is AttributeArgumentSyntax or AttributeSyntax)
            {
                return true;
            }

            if (node is StatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }
}
