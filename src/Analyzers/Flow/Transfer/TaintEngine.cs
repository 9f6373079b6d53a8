using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// The tool-input flow engine shared by the input rules (MCPSEC010-015). Source-triggered: it analyses MCP
/// primitives (and the delegates given to <c>McpServerTool.Create</c> &amp; co) and follows tainted values into
/// the source methods they call, through injected services and back out through return values, to a bounded
/// depth. Method summaries are memoised per compilation, keyed by the taint of the arguments.
/// </summary>
internal sealed class TaintEngine
{
    public const int MaxDepth = 5;

    private static readonly ConditionalWeakTable<McpCompilationContext, TaintEngine> Cache = new();

    [ThreadStatic]
    private static HashSet<IMethodSymbol>? t_inProgress;

    private readonly ConcurrentDictionary<IMethodSymbol, ControlFlowGraph?> _graphs = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IOperation>> _walkedBodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IBlockOperation?> _straight = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IMethodSymbol Method, string Arguments), FlowResult> _summaries = new(SummaryKeyComparer.Instance);
    /// <summary>
    /// Each primitive analysed once, however many rules ask at the same time (six rules share these results). Entries
    /// never nest (a primitive's callees go through <see cref="_summaries"/>), so waiting on another thread is safe.
    /// </summary>
    private readonly ConcurrentDictionary<IMethodSymbol, Lazy<FlowResult>> _entries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableHashSet<int>> _guards = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Rejection[]> _validators = new(SymbolEqualityComparer.Default);
    private readonly SubtypeIndex _subtypes;

    private TaintEngine(McpCompilationContext context)
    {
        Context = context;
        Tables = FlowTables.Create(context.Options, context.Compilation);
        _subtypes = new SubtypeIndex(context.Compilation);
    }

    public McpCompilationContext Context { get; }

    public McpPrimitives Primitives => Context.Primitives;

    public FlowTables Tables { get; }

    public static TaintEngine Get(McpCompilationContext context) => Cache.GetValue(context, c => new TaintEngine(c));

    /// <summary>
    /// Findings of an MCP primitive method, memoised. The first caller computes them with its own token; a caller that
    /// waited on a computation another analysis cancelled computes them again with its own token, so no analysis ever
    /// receives another's cancellation (which the driver would report as AD0001), and a cancelled computation is never
    /// kept as a result.
    /// </summary>
    public FlowResult AnalyzePrimitive(IMethodSymbol method, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = _entries.GetOrAdd(method, m => new Lazy<FlowResult>(() => AnalyzePrimitiveCore(m, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return entry.Value;
            }
            catch (OperationCanceledException)
            {
                // a cancelled computation is not a result: forget it, then stop (ours) or compute it again (another's)
                ((ICollection<KeyValuePair<IMethodSymbol, Lazy<FlowResult>>>)_entries).Remove(new KeyValuePair<IMethodSymbol, Lazy<FlowResult>>(method, entry));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private FlowResult AnalyzePrimitiveCore(IMethodSymbol m, CancellationToken cancellationToken)
    {
        if (!TakesText(m) || GraphOf(m, cancellationToken) is not { } graph)
        {
            return FlowResult.Empty; // no tool input that could carry a path, SQL, a command or a URL
        }

        var entry = new FlowState();
        foreach (var parameter in m.Parameters)
        {
            if (Primitives.IsUntrustedParameter(parameter))
            {
                entry.Set(parameter, TaintValue.Source(parameter));
            }
        }

        return Analyze(m, graph, entry, depth: 0, cancellationToken);
    }

    /// <summary>True when some untrusted parameter can carry text, or the method reads the raw request arguments.</summary>
    public bool TakesText(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (Primitives.IsUntrustedParameter(parameter) && !FlowTypes.CannotCarryText(parameter.Type))
            {
                return true;
            }
        }

        return ReadsRawArguments(method);
    }

    /// <summary>
    /// Findings of a delegate that becomes a primitive (<c>McpServerTool.Create(lambda)</c>) or handles raw
    /// requests (<c>WithCallToolHandler(lambda)</c>): a lambda in the body that contains it, or a method group.
    /// </summary>
    public FlowResult AnalyzeDelegate(IOperation delegateArgument, bool parametersAreToolInput, CancellationToken cancellationToken)
    {
        var target = McpPrimitives.DelegateTarget(delegateArgument);
        if (target is null)
        {
            return FlowResult.Empty;
        }

        if (target.MethodKind != MethodKind.AnonymousFunction)
        {
            return parametersAreToolInput ? AnalyzePrimitive(target, cancellationToken) : FlowResult.Empty;
        }

        var graph = LambdaGraph(delegateArgument, target, cancellationToken);
        if (graph is null)
        {
            return FlowResult.Empty;
        }

        var entry = new FlowState();
        if (parametersAreToolInput)
        {
            foreach (var parameter in target.Parameters)
            {
                if (Primitives.IsUntrustedParameter(parameter))
                {
                    entry.Set(parameter, TaintValue.Source(parameter));
                }
            }
        }

        return Analyze(target, graph, entry, depth: 0, cancellationToken);
    }

    private FlowResult Analyze(IMethodSymbol method, ControlFlowGraph graph, FlowState entry, int depth, CancellationToken cancellationToken)
        => Analyze(method, graph, null, entry, depth, cancellationToken);

    /// <summary>Analyses a body from its graph, or a straight-line body in statement order (no graph).</summary>
    private FlowResult Analyze(IMethodSymbol method, ControlFlowGraph? graph, IBlockOperation? straight, FlowState entry, int depth, CancellationToken cancellationToken)
    {
        var collector = new FlowCollector(cancellationToken);
        var inProgress = t_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var added = inProgress.Add(method);
        try
        {
            var (returned, _, _, exit) = straight is not null
                ? TaintTransfer.RunStraight(this, straight, entry, depth, collector)
                : TaintTransfer.Run(this, graph!, entry, depth, collector);
            return collector.ToResult(returned, Validated(method, entry, exit));
        }
        finally
        {
            if (added)
            {
                inProgress.Remove(method);
            }
        }
    }

    /// <summary>
    /// What a body proves of each string parameter whenever it returns normally: the families its taint had on entry
    /// and lost by the exit (the body checked it and throws otherwise). A parameter the body assigns proves nothing of
    /// the caller's argument.
    /// </summary>
    private ImmutableArray<SinkFamily> Validated(IMethodSymbol method, FlowState entry, FlowState? exit)
    {
        if (exit is null || method.Parameters.IsEmpty)
        {
            return ImmutableArray<SinkFamily>.Empty;
        }

        SinkFamily[]? validated = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.Type.SpecialType != SpecialType.System_String)
            {
                continue;
            }

            var lost = entry.Get(parameter).Families & ~exit.Get(parameter).Families;
            if (lost != SinkFamily.None && !AssignsParameter(method, parameter))
            {
                validated ??= new SinkFamily[method.Parameters.Length];
                validated[parameter.Ordinal] = lost;
            }
        }

        return validated is null ? ImmutableArray<SinkFamily>.Empty : validated.ToImmutableArray();
    }

    private static bool AssignsParameter(IMethodSymbol method, IParameterSymbol parameter)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                switch (node)
                {
                    case Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax { Left: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax target }
                        when target.Identifier.ValueText == parameter.Name:
                    case Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax passed }
                        when passed.Identifier.ValueText == parameter.Name:
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The taint a call returns, given the taint of its receiver and arguments (by parameter ordinal).
    /// Findings inside the callee go to <paramref name="collector"/>. Virtual and interface calls are resolved
    /// to their implementations in source (injected services).
    /// </summary>
    public TaintValue Call(IMethodSymbol method, TaintValue receiver, TaintValue[] arguments, int depth, FlowCollector collector)
        => Call(method, receiver, arguments, depth, collector, out _);

    /// <param name="validated">
    /// By parameter ordinal, the families every analysed implementation proves of its argument whenever it returns
    /// (<see cref="FlowResult.Validated"/>); null when the call proves nothing.
    /// </param>
    public TaintValue Call(IMethodSymbol method, TaintValue receiver, TaintValue[] arguments, int depth, FlowCollector collector, out SinkFamily[]? validated)
    {
        validated = null;
        var conservative = receiver;
        foreach (var argument in arguments)
        {
            conservative = TaintValue.Combined(conservative, argument);
        }

        if (!conservative.IsTainted && !ReadsRawArguments(method))
        {
            return TaintValue.Clean; // source-triggered: clean calls cost nothing
        }

        if (depth > MaxDepth)
        {
            return conservative;
        }

        var cancellationToken = collector.CancellationToken;
        var result = TaintValue.Clean;
        var analysed = false;
        var provesEverywhere = true;
        foreach (var target in Implementations(method, cancellationToken))
        {
            // A recursive call (the target is being analysed on this thread) is not followed.
            var recursive = t_inProgress?.Contains(target) == true;
            var straight = recursive ? null : StraightBodyOf(target, cancellationToken);
            var graph = recursive || straight is not null ? null : GraphOf(target, cancellationToken);
            if (straight is null && graph is null)
            {
                result = TaintValue.Join(result, conservative);
                provesEverywhere = false;
                continue;
            }

            var summary = _summaries.GetOrAdd(SummaryKey(target, arguments), _ =>
            {
                var entry = new FlowState();
                for (var i = 0; i < target.Parameters.Length && i < arguments.Length; i++)
                {
                    entry.Set(target.Parameters[i], arguments[i]);
                }

                return Analyze(target, graph, straight, entry, depth, cancellationToken);
            });

            collector.AddAll(summary);
            result = TaintValue.Join(result, summary.ReturnValue.IsTainted ? Rebase(summary.ReturnValue, conservative) : TaintValue.Clean);
            analysed = true;
            if (summary.Validated.IsEmpty)
            {
                provesEverywhere = false;
            }
            else if (provesEverywhere)
            {
                // an interface call proves what every implementation proves
                if (validated is null)
                {
                    validated = summary.Validated.ToArray();
                }
                else
                {
                    for (var i = 0; i < validated.Length; i++)
                    {
                        validated[i] &= i < summary.Validated.Length ? summary.Validated[i] : SinkFamily.None;
                    }
                }
            }
        }

        if (!provesEverywhere)
        {
            validated = null;
        }

        return analysed ? result : conservative;
    }

    /// <summary>
    /// The families for which a call of <paramref name="method"/> validates the argument of parameter
    /// <paramref name="ordinal"/> (<see cref="Validators"/>): SQL when every implementation in source rejects it on a
    /// check that is not a known-weak shape, command values too when that check is allowlist-shaped.
    /// </summary>
    public SinkFamily ValidatesText(IMethodSymbol method, int ordinal, CancellationToken cancellationToken)
    {
        var verdicts = _validators.GetOrAdd(method.OriginalDefinition, m =>
        {
            var result = new Rejection[m.Parameters.Length];
            var any = false;
            foreach (var target in Implementations(m, cancellationToken))
            {
                if (target.DeclaringSyntaxReferences.IsEmpty)
                {
                    continue;
                }

                for (var i = 0; i < result.Length && i < target.Parameters.Length; i++)
                {
                    var verdict = Validators.Of(target, target.Parameters[i]);
                    result[i] = any ? (verdict < result[i] ? verdict : result[i]) : verdict;
                }

                any = true;
            }

            return any ? result : new Rejection[m.Parameters.Length];
        });
        var verdict = ordinal < verdicts.Length ? verdicts[ordinal] : Rejection.None;
        return verdict switch
        {
            Rejection.Allowlist => SinkFamily.Sql | SinkFamily.Command,
            Rejection.Strong => SinkFamily.Sql,
            _ => SinkFamily.None,
        };
    }

    /// <summary>Parameters a boolean helper proves contained (Path) whenever it returns true.</summary>
    public ImmutableHashSet<int> GuardedParameters(IMethodSymbol method, CancellationToken cancellationToken)
        => _guards.GetOrAdd(method, m =>
        {
            if (GraphOf(m, cancellationToken) is not { } graph || t_inProgress?.Contains(m) == true)
            {
                return ImmutableHashSet<int>.Empty;
            }

            var entry = new FlowState();
            foreach (var parameter in m.Parameters)
            {
                entry.Set(parameter, TaintValue.Source(parameter));
            }

            var collector = new FlowCollector(cancellationToken);
            IReadOnlyList<(IOperation Value, FlowState State)> returns;
            var inProgress = t_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            inProgress.Add(m);
            try
            {
                returns = TaintTransfer.Run(this, graph, entry, MaxDepth, collector).Returns;
            }
            finally
            {
                inProgress.Remove(m);
            }

            var guarded = ImmutableHashSet.CreateBuilder<int>();
            foreach (var parameter in m.Parameters)
            {
                if (parameter.Type.SpecialType != SpecialType.System_String)
                {
                    continue;
                }

                var provenEverywhere = returns.Count > 0;
                foreach (var (value, state) in returns)
                {
                    if (OperationExtensions.Unwrap(value).ConstantValue.Value is false)
                    {
                        continue; // "return false" proves nothing and needs nothing
                    }

                    var probe = new TaintTransferProbe(this, graph, cancellationToken);
                    if (probe.WhenTrue(value, state).Get(parameter).IsTaintedFor(SinkFamily.Path))
                    {
                        provenEverywhere = false;
                        break;
                    }
                }

                if (provenEverywhere)
                {
                    guarded.Add(parameter.Ordinal);
                }
            }

            return guarded.ToImmutable();
        });

    public bool HasSourceBody(IMethodSymbol method)
    {
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            return false;
        }

        var definition = method.OriginalDefinition;
        if (!definition.ContainingAssembly?.Equals(Context.Compilation.Assembly, SymbolEqualityComparer.Default) ?? true)
        {
            return false;
        }

        return definition.IsAbstract || definition.IsVirtual || definition.ContainingType?.TypeKind == TypeKind.Interface || definition.DeclaringSyntaxReferences.Length > 0;
    }

    /// <summary>A callee handed the request context can read the raw arguments itself, taint or no taint.</summary>
    private bool ReadsRawArguments(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (Context.Symbols.IsType(parameter.Type, Context.Symbols.RequestContext)
                || McpSymbols.InheritsFromOrEquals(parameter.Type, Context.Symbols.AIFunctionArguments))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method itself when it has a body, plus its implementations and overrides in source.</summary>
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol[]> _implementations = new(SymbolEqualityComparer.Default);

    /// <summary>The bodies a call may run: the method itself, or its implementations and overrides in source; computed once per method.</summary>
    internal IEnumerable<IMethodSymbol> Implementations(IMethodSymbol method, CancellationToken cancellationToken)
        => _implementations.GetOrAdd(method.OriginalDefinition, m => FindImplementations(m, cancellationToken).ToArray());

    private IEnumerable<IMethodSymbol> FindImplementations(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var definition = method.OriginalDefinition;
        if (!definition.IsAbstract && definition.ContainingType?.TypeKind != TypeKind.Interface)
        {
            yield return definition;
        }

        if (!(definition.IsAbstract || definition.IsVirtual || definition.ContainingType?.TypeKind == TypeKind.Interface))
        {
            yield break;
        }

        if (definition.ContainingType is null)
        {
            yield break;
        }

        var subtypes = _subtypes.SubtypesOf(definition.ContainingType, cancellationToken);

        foreach (var type in subtypes)
        {
            if (definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                if (ImplementationIn(type, definition) is { } implementation
                    && !SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, definition))
                {
                    yield return implementation.OriginalDefinition;
                }

                continue;
            }

            if (OverrideIn(type, definition) is { } @override)
            {
                yield return @override.OriginalDefinition;
            }
        }
    }

    /// <summary>The method a type declares that overrides <paramref name="method"/>, directly or through a chain of overrides.</summary>
    private static IMethodSymbol? OverrideIn(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (var member in type.GetMembers(method.Name))
        {
            if (member is IMethodSymbol { IsOverride: true } candidate)
            {
                for (var overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method.OriginalDefinition))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Gives the engine the graph of a method body the analyzer driver has already built (an operation block being
    /// analysed), so that the body is not bound and its graph not built a second time. The first graph given wins.
    /// </summary>
    public void UseGraph(IMethodSymbol method, Func<ControlFlowGraph?> graph)
    {
        if (!_graphs.ContainsKey(method.OriginalDefinition) && graph() is { } known)
        {
            _graphs.TryAdd(method.OriginalDefinition, known);
        }
    }

    /// <summary>
    /// The method a type runs for an interface method: through the interface as the type constructs it
    /// (<c>IReader&lt;string&gt;</c> for <c>IReader&lt;T&gt;.Read</c>), and the type's own override when the implementing
    /// method is an abstract or virtual one of a base class.
    /// </summary>
    private static IMethodSymbol? ImplementationIn(INamedTypeSymbol type, IMethodSymbol interfaceMethod)
    {
        IMethodSymbol? implementation = null;
        foreach (var @interface in type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, interfaceMethod.ContainingType))
            {
                continue;
            }

            foreach (var member in @interface.GetMembers(interfaceMethod.Name))
            {
                if (member is IMethodSymbol constructed && SymbolEqualityComparer.Default.Equals(constructed.OriginalDefinition, interfaceMethod)
                    && type.FindImplementationForInterfaceMember(constructed) is IMethodSymbol found)
                {
                    implementation = found;
                    break;
                }
            }

            if (implementation is not null)
            {
                break;
            }
        }

        if (implementation is null || !(implementation.IsAbstract || implementation.IsVirtual))
        {
            return implementation;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (OverrideIn(current, implementation) is { } @override)
            {
                return @override; // the most derived override the type runs
            }

            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, implementation.ContainingType?.OriginalDefinition))
            {
                break;
            }
        }

        return implementation;
    }

    /// <summary>
    /// Every bound body of a method in source as the call walks of the rules read them (<see cref="CallWalker.Bodies"/>:
    /// methods, accessors, local functions), bound once per method and compilation for every rule.
    /// </summary>
    public ImmutableArray<IOperation> WalkedBodies(IMethodSymbol method, CancellationToken cancellationToken)
        => _walkedBodies.GetOrAdd(method.OriginalDefinition, m => CallWalker.Bodies(m, Context.Compilation, cancellationToken).ToImmutableArray());

    /// <summary>The bound body of a method in source (a method or constructor body), bound once per method.</summary>
    private IOperation? BoundBody(IMethodSymbol method, CancellationToken cancellationToken)
        => _bodies.GetOrAdd(method.OriginalDefinition, m =>
        {
            foreach (var reference in m.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (!Context.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                if (syntax is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } or LocalFunctionStatementSyntax)
                {
                    continue; // partial declaration without a body, or a local function (analysed inside its parent)
                }

#pragma warning disable RS1030 // interprocedural analysis needs the callee's model; one per tree, on demand
                var model = Context.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                return model.GetOperation(syntax, cancellationToken) is { } body and (IMethodBodyOperation or IConstructorBodyOperation) ? body : null;
            }

            return null;
        });

    /// <summary>The block of a method body with a single path (<see cref="StraightLine"/>), or null.</summary>
    private IBlockOperation? StraightBodyOf(IMethodSymbol method, CancellationToken cancellationToken)
        => _straight.GetOrAdd(method.OriginalDefinition, m => StraightLine.Of(BoundBody(m, cancellationToken)));

    private ControlFlowGraph? GraphOf(IMethodSymbol method, CancellationToken cancellationToken)
        => _graphs.GetOrAdd(method.OriginalDefinition, m =>
        {
            try
            {
                return BoundBody(m, cancellationToken) switch
                {
                    IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                    IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
                    _ => null,
                };
            }
            catch (ArgumentException)
            {
                return null; // code with errors the graph builder rejects
            }
        });

    private ControlFlowGraph? LambdaGraph(IOperation delegateArgument, IMethodSymbol lambda, CancellationToken cancellationToken)
    {
        // Build the graph of the body that contains the lambda, then find the lambda's own graph inside it.
        var root = OperationExtensions.Root(delegateArgument);
        ControlFlowGraph? graph;
        try
        {
            graph = root switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
                IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
                IFieldInitializerOperation field => ControlFlowGraph.Create(field, cancellationToken),
                IPropertyInitializerOperation property => ControlFlowGraph.Create(property, cancellationToken),
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null;
        }

        return graph is null ? null : FindLambda(graph, lambda, 0, cancellationToken);
    }

    private ControlFlowGraph? FindLambda(ControlFlowGraph graph, IMethodSymbol lambda, int depth, CancellationToken cancellationToken)
    {
        if (depth > 8)
        {
            return null;
        }

        foreach (var block in graph.Blocks)
        {
            foreach (var operation in Operations(block))
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    if (node is IFlowAnonymousFunctionOperation candidate)
                    {
                        var candidateGraph = graph.GetAnonymousFunctionControlFlowGraph(candidate, cancellationToken);
                        if (SymbolEqualityComparer.Default.Equals(candidate.Symbol, lambda))
                        {
                            return candidateGraph;
                        }

                        if (FindLambda(candidateGraph, lambda, depth + 1, cancellationToken) is { } nested)
                        {
                            return nested;
                        }
                    }
                }
            }
        }

        foreach (var localFunction in graph.LocalFunctions)
        {
            if (FindLambda(graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken), lambda, depth + 1, cancellationToken) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static IEnumerable<IOperation> Operations(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is { } branch)
        {
            yield return branch;
        }
    }

    /// <summary>A callee and the taint of its arguments: families, normalised, combined (one character each).</summary>
    private static (IMethodSymbol Method, string Arguments) SummaryKey(IMethodSymbol method, TaintValue[] arguments)
    {
        var taints = new char[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            taints[i] = (char)('0' + ((int)argument.Families | (argument.Normalized ? 64 : 0) | (argument.Combine is null ? 0 : 128)));
        }

        return (method, new string(taints));
    }

    /// <summary>Compares summary keys by symbol and argument taint.</summary>
    private sealed class SummaryKeyComparer : IEqualityComparer<(IMethodSymbol Method, string Arguments)>
    {
        public static readonly SummaryKeyComparer Instance = new();

        public bool Equals((IMethodSymbol Method, string Arguments) x, (IMethodSymbol Method, string Arguments) y)
            => string.Equals(x.Arguments, y.Arguments, StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

        public int GetHashCode((IMethodSymbol Method, string Arguments) key)
            => (SymbolEqualityComparer.Default.GetHashCode(key.Method) * 31) ^ StringComparer.Ordinal.GetHashCode(key.Arguments);
    }

    /// <summary>A callee's return value keeps its families, but the caller's origin names the tool input.</summary>
    private static TaintValue Rebase(TaintValue returned, TaintValue callerInputs)
        => new(returned.Families, returned.Normalized, callerInputs.Origin ?? returned.Origin, returned.Combine ?? callerInputs.Combine);
}

/// <summary>Evaluates a condition against a state outside a running analysis (guard summaries).</summary>
internal sealed class TaintTransferProbe
{
    private readonly TaintEngine _engine;
    private readonly ControlFlowGraph _graph;
    private readonly CancellationToken _cancellationToken;

    public TaintTransferProbe(TaintEngine engine, ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        _engine = engine;
        _graph = graph;
        _cancellationToken = cancellationToken;
    }

    public FlowState WhenTrue(IOperation condition, FlowState state) => TaintTransfer.Refine(_engine, _graph, condition, state, _cancellationToken).WhenTrue;
}
