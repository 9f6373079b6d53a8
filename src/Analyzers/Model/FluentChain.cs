using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

/// <summary>
/// Follows a builder value to every call made on it: in the fluent chain, and later through a local
/// variable or a field it was stored in (<c>var endpoint = app.MapMcp(); endpoint.RequireAuthorization();</c>).
/// </summary>
internal static class FluentChain
{
    private const int MaxHops = 64;

    public static ImmutableArray<IInvocationOperation> Follow(IOperation origin, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var visitedSymbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>();
        pending.Push(origin);
        var hops = 0;
        while (pending.Count > 0 && hops++ < MaxHops)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pending.Pop();
            while (true)
            {
                var parent = SkipConversions(current);
                if (parent is IArgumentOperation { Parent: IInvocationOperation extension } argument
                    && extension.TargetMethod.IsExtensionMethod
                    && extension.Arguments.Length > 0
                    && extension.Arguments[0] == argument)
                {
                    result.Add(extension);
                    current = extension;
                    continue;
                }

                if (parent is IInvocationOperation instanceCall && instanceCall.Instance is { } instance && SkipConversionsDown(instance) == current)
                {
                    result.Add(instanceCall);
                    current = instanceCall;
                    continue;
                }

                ISymbol? storedIn = parent switch
                {
                    IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == current || SkipConversionsDown(assignment.Value) == current => local.Local,
                    ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } assignment when assignment.Value == current || SkipConversionsDown(assignment.Value) == current => field.Field,
                    ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment when assignment.Value == current || SkipConversionsDown(assignment.Value) == current => property.Property,
                    _ => null,
                };

                if (storedIn is not null && visitedSymbols.Add(storedIn))
                {
                    foreach (var use in FindUses(storedIn, current, cancellationToken))
                    {
                        pending.Push(use);
                    }
                }

                break;
            }
        }

        return result.ToImmutable();
    }

    private static IOperation? SkipConversions(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    private static IOperation SkipConversionsDown(IOperation operation) => OperationExtensions.Unwrap(operation);

    /// <summary>Reads of a local (in its body) or a field/property (in its declaring type's files).</summary>
    private static IEnumerable<IOperation> FindUses(ISymbol symbol, IOperation context, CancellationToken cancellationToken)
    {
        var model = context.SemanticModel;
        if (model is null)
        {
            yield break;
        }

        if (symbol is ILocalSymbol)
        {
            var body = OperationExtensions.EnclosingBody(context);
            if (body is null)
            {
                yield break;
            }

            foreach (var descendant in body.Descendants())
            {
                if (descendant is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, symbol)
                    && !IsWriteTarget(reference))
                {
                    yield return reference;
                }
            }

            yield break;
        }

        var containingType = symbol.ContainingType;
        if (containingType is null)
        {
            yield break;
        }

        foreach (var declaration in containingType.DeclaringSyntaxReferences)
        {
            var root = declaration.GetSyntax(cancellationToken);
            if (!model.Compilation.ContainsSyntaxTree(root.SyntaxTree))
            {
                continue;
            }

            var treeModel = root.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(root.SyntaxTree);
            foreach (var node in root.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == symbol.Name)
                {
                    SyntaxNode target = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
                    var operation = treeModel.GetOperation(target, cancellationToken);
                    var referenced = operation switch
                    {
                        IFieldReferenceOperation field => (ISymbol)field.Field,
                        IPropertyReferenceOperation property => property.Property,
                        _ => null,
                    };

                    if (operation is not null && SymbolEqualityComparer.Default.Equals(referenced, symbol) && !IsWriteTarget(operation))
                    {
                        yield return operation;
                    }
                }
            }
        }
    }

    private static bool IsWriteTarget(IOperation reference)
        => reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;
}
