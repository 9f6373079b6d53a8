using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>Shared facts for the token rules (MCPSEC050, 051).</summary>
internal static class TokenValidation
{
    /// <summary>A property of <c>TokenValidationParameters</c> (Microsoft.IdentityModel.Tokens).</summary>
    public static bool IsValidationParameter(IPropertySymbol property, string name)
        => property.Name == name && property.ContainingType.IsType("Microsoft.IdentityModel.Tokens.TokenValidationParameters");

    /// <summary>A validator delegate that accepts everything: <c>(...) =&gt; true</c> or a method that only returns true.</summary>
    public static bool IsAlwaysTrue(IOperation value)
    {
        value = OperationExtensions.Unwrap(value);
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        switch (value)
        {
            case IAnonymousFunctionOperation lambda:
                return ReturnsOnlyTrue(lambda.Body);
            case IMethodReferenceOperation { Method: { } method } reference:
                foreach (var syntax in method.DeclaringSyntaxReferences)
                {
                    if (reference.SemanticModel?.Compilation is { } compilation && compilation.ContainsSyntaxTree(syntax.SyntaxTree)
#pragma warning disable RS1030 // the validator method may be declared in another file
                        && compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax.GetSyntax()) is IMethodBodyOperation body
#pragma warning restore RS1030
                        && (body.BlockBody ?? body.ExpressionBody) is { } block)
                    {
                        return ReturnsOnlyTrue(block);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool ReturnsOnlyTrue(IBlockOperation body)
    {
        var returns = 0;
        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation ret)
            {
                returns++;
                if (ret.ReturnedValue is not { ConstantValue: { HasValue: true, Value: true } })
                {
                    return false;
                }
            }
        }

        return returns > 0;
    }
}
