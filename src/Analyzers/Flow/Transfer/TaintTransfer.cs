using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>
/// The transfer functions of the tool-input taint analysis: what each operation does to a <see cref="FlowState"/>,
/// and what each branch condition proves on its two edges. It only interprets: which members are sinks, sanitizers
/// and guards comes from the sink families (<see cref="FlowTables"/>, <c>Families/</c>), and the fixed point from
/// <see cref="FlowSolver"/>. May-analysis (a value is tainted when any path taints it), edge-sensitive at branches so
/// that a check clears a value only on the paths it dominates. Calls into source methods go through the engine's
/// summaries.
/// </summary>
internal sealed class TaintTransfer : IFlowTransfer
{
    private readonly TaintEngine _engine;
    /// <summary>The body's graph; null for a straight-line body run without one (<see cref="RunStraight"/>).</summary>
    private readonly ControlFlowGraph? _cfg;
    private readonly int _depth;
    private readonly FlowCollector _collector;

    /// <summary>Where callee findings go while the body is not solved yet; dropped (the solved pass adds them again).</summary>
    private readonly FlowCollector _scratch;
    private bool _collect;
    private TaintValue _returnValue;
    private readonly List<(IOperation Value, FlowState State)> _returns = new();
    private FlowState? _exit;

    /// <summary>The variable each flow capture copied, so a check on the capture (a switch arm) clears the variable.</summary>
    private readonly Dictionary<CaptureId, object> _captureSources = new();

    private TaintTransfer(TaintEngine engine, ControlFlowGraph? cfg, int depth, FlowCollector collector)
    {
        _engine = engine;
        _cfg = cfg;
        _depth = depth;
        _collector = collector;
        _scratch = new FlowCollector(collector.CancellationToken);
    }

    /// <summary>Findings of the current pass: the run's collector once the body is solved, a scratch one before.</summary>
    private FlowCollector Collector => _collect ? _collector : _scratch;

    /// <summary>
    /// Analyses <paramref name="cfg"/> from <paramref name="entry"/>; findings go to <paramref name="collector"/>.
    /// </summary>
    /// <remarks>
    /// Policy when the solver gives up (<see cref="SolveOutcome.DidNotConverge"/>): the body reports nothing (no state of
    /// a half-solved body is read) and returns the join of its inputs, so a caller still sees tool input that may pass
    /// through it. Callees reached by the body keep the findings of their own (converged) analyses.
    /// </remarks>
    /// <para>
    /// <c>Exit</c> is the state on normal completion (every return and the end of the body; a throw is no completion),
    /// null when the body never completes normally or did not converge: what the body's checks proved of its
    /// parameters whenever the call returns (a validator that throws on rejection).
    /// </para>
    public static (TaintValue Return, IReadOnlyList<(IOperation Value, FlowState State)> Returns, SolveOutcome Outcome, FlowState? Exit) Run(
        TaintEngine engine, ControlFlowGraph cfg, FlowState entry, int depth, FlowCollector collector, int? budget = null)
    {
        var transfer = new TaintTransfer(engine, cfg, depth, collector);
        var outcome = FlowSolver.Solve(cfg.Blocks, entry, transfer, budget ?? FlowSolver.DefaultBudget(cfg.Blocks.Length), collector.CancellationToken);
        return outcome == SolveOutcome.Converged
            ? (transfer._returnValue, transfer._returns, outcome, transfer._exit)
            : (entry.JoinOfValues(), System.Array.Empty<(IOperation, FlowState)>(), outcome, null);
    }

    /// <summary>
    /// Analyses a straight-line body (<see cref="StraightLine.Of"/>: no branch, loop, try, lambda, conditional or pattern)
    /// by running its statements in order on the bound operation tree: with one path there is nothing to join or
    /// refine, so the result is the one the solver would reach on the body's graph, without building the graph.
    /// </summary>
    public static (TaintValue Return, IReadOnlyList<(IOperation Value, FlowState State)> Returns, SolveOutcome Outcome, FlowState? Exit) RunStraight(
        TaintEngine engine, IBlockOperation body, FlowState entry, int depth, FlowCollector collector)
    {
        var transfer = new TaintTransfer(engine, cfg: null, depth, collector) { _collect = true };
        var state = entry.Clone();
        transfer.Statements(body, state);
        return (transfer._returnValue, transfer._returns, SolveOutcome.Converged, state);
    }

    private void Statements(IOperation statement, FlowState state)
    {
        _collector.CancellationToken.ThrowIfCancellationRequested();
        switch (statement)
        {
            case IBlockOperation block:
                foreach (var inner in block.Operations)
                {
                    Statements(inner, state);
                }

                break;
            case IReturnOperation { ReturnedValue: { } returned }:
                _returnValue = TaintValue.Join(_returnValue, Visit(returned, state));
                _returns.Add((returned, state.Clone()));
                break;
            default:
                Visit(statement, state);
                break;
        }
    }

    public IEnumerable<(ControlFlowBranch? Branch, FlowState State)> Block(BasicBlock block, FlowState input, bool solved)
    {
        _collect = solved;
        return Process(block, input);
    }

    private IEnumerable<(ControlFlowBranch? Branch, FlowState State)> Process(BasicBlock block, FlowState input)
    {
        if (block.Kind == BasicBlockKind.Exit && _collect)
        {
            _exit = input; // reached only by normal completion: a throw leaves the graph without an edge to it
        }

        var state = input.Clone();
        foreach (var operation in block.Operations)
        {
            Visit(operation, state);
        }

        if (block.BranchValue is not { } branchValue)
        {
            yield return (block.FallThroughSuccessor, state);
            yield break;
        }

        if (block.ConditionKind == ControlFlowConditionKind.None)
        {
            var value = Visit(branchValue, state);
            if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return && _collect)
            {
                _returnValue = TaintValue.Join(_returnValue, value);
                _returns.Add((branchValue, state));
            }

            yield return (block.FallThroughSuccessor, state);
            yield break;
        }

        Visit(branchValue, state);
        var (whenTrue, whenFalse) = Refine(branchValue, state);
        var jumpIfTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
        yield return (block.ConditionalSuccessor, jumpIfTrue ? whenTrue : whenFalse);
        yield return (block.FallThroughSuccessor, jumpIfTrue ? whenFalse : whenTrue);
    }

    internal TaintValue Visit(IOperation? operation, FlowState state)
    {
        if (operation is null)
        {
            return TaintValue.Clean;
        }

        var value = VisitCore(operation, state);
        return value.IsTainted && operation.Type is { } type && FlowTypes.CannotCarryText(type) ? TaintValue.Clean : value;
    }

    private TaintValue VisitCore(IOperation operation, FlowState state)
    {
        switch (operation)
        {
            case IExpressionStatementOperation statement:
                return Visit(statement.Operation, state);
            case ISimpleAssignmentOperation assignment:
            {
                var value = Visit(assignment.Value, state);
                Assign(assignment.Target, value, assignment.Value, state);
                return value;
            }

            case ICompoundAssignmentOperation compound:
            {
                var value = TaintValue.Combined(Visit(compound.Target, state), Visit(compound.Value, state));
                Assign(compound.Target, value, null, state);
                return value;
            }

            case ICoalesceAssignmentOperation coalesce:
            {
                var value = TaintValue.Join(Visit(coalesce.Target, state), Visit(coalesce.Value, state));
                Assign(coalesce.Target, value, null, state);
                return value;
            }

            case IFlowCaptureOperation capture:
            {
                var value = Visit(capture.Value, state);
                state.Set(capture.Id, value);
                if (RootKey(capture.Value) is { } captured)
                {
                    _captureSources[capture.Id] = captured;
                }

                return value;
            }

            case IFlowCaptureReferenceOperation captureReference:
                return state.Get(captureReference.Id);
            case ILocalReferenceOperation local:
                return state.Get(local.Local);
            case IParameterReferenceOperation parameter:
                return state.Get(parameter.Parameter);
            case IFieldReferenceOperation field:
                return field.Instance is null or IInstanceReferenceOperation
                    ? state.Get(field.Field)
                    : Visit(field.Instance, state);
            case IPropertyReferenceOperation property:
            {
                if (_engine.Primitives.IsUntrustedArgumentsAccess(property))
                {
                    return TaintValue.Source(property.Property);
                }

                foreach (var argument in property.Arguments)
                {
                    Visit(argument.Value, state); // a lookup key does not taint what a clean table returns
                }

                if (property.Instance is null or IInstanceReferenceOperation)
                {
                    return state.Get(property.Property);
                }

                return Visit(property.Instance, state);
            }

            case IArrayElementReferenceOperation element:
                foreach (var index in element.Indices)
                {
                    Visit(index, state);
                }

                return Visit(element.ArrayReference, state);
            case IConversionOperation conversion:
                return Visit(conversion.Operand, state);
            case IParenthesizedOperation parenthesized:
                return Visit(parenthesized.Operand, state);
            case IBinaryOperation binary:
            {
                var left = Visit(binary.LeftOperand, state);
                var right = Visit(binary.RightOperand, state);
                if (right.IsTaintedFor(SinkFamily.Url) && binary.OperatorKind == BinaryOperatorKind.Add
                    && binary.Type?.SpecialType == SpecialType.System_String
                    && (UrlConfinement.Confines(UrlConfinement.ConstantPrefix(binary.LeftOperand))
                        || (!left.IsTaintedFor(SinkFamily.Url) && UrlConfinement.EndsInQueryOrFragment(binary.LeftOperand))))
                {
                    right = right.Without(SinkFamily.Url); // "https://api.example.com/items/" + id: only the path is chosen
                }

                // GetFullPath(x) + Path.DirectorySeparatorChar: a separator appended to a normalised path keeps it so
                if (left.Normalized && !right.IsTainted && binary.OperatorKind == BinaryOperatorKind.Add
                    && IsSeparator(binary.RightOperand))
                {
                    return left;
                }

                return TaintValue.Combined(left, right);
            }

            case IInterpolatedStringOperation interpolated:
            {
                var value = TaintValue.Clean;
                var prefix = new System.Text.StringBuilder();
                var prefixIsConstant = true;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        var holeValue = Visit(hole.Expression, state);
                        if (holeValue.IsTaintedFor(SinkFamily.Url) && UrlConfinement.Confines(prefix.ToString()))
                        {
                            holeValue = holeValue.Without(SinkFamily.Url);
                        }

                        if (prefixIsConstant && hole.Expression.ConstantValue.Value is string constantHole)
                        {
                            prefix.Append(constantHole);
                        }
                        else
                        {
                            prefixIsConstant = false;
                        }

                        value = TaintValue.Combined(value, holeValue);
                    }
                    else if (prefixIsConstant && part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string text })
                    {
                        prefix.Append(text);
                    }
                }

                return value;
            }

            case IInvocationOperation invocation:
                return VisitInvocation(invocation, state);
            case IObjectCreationOperation creation:
                return VisitCreation(creation, state);
            case IAwaitOperation awaited:
                return Visit(awaited.Operation, state);
            case IConditionalOperation conditional:
                Visit(conditional.Condition, state);
                return TaintValue.Join(Visit(conditional.WhenTrue, state), Visit(conditional.WhenFalse, state));
            case ICoalesceOperation coalesceValue:
                return TaintValue.Join(Visit(coalesceValue.Value, state), Visit(coalesceValue.WhenNull, state));
            case IIsPatternOperation isPattern:
            {
                var value = Visit(isPattern.Value, state);
                BindPattern(isPattern.Pattern, value, state);
                return TaintValue.Clean;
            }

            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (declarator.GetVariableInitializer() is { } initializer)
                        {
                            var value = Visit(initializer.Value, state);
                            state.Set(declarator.Symbol, value);
                            RecordPathRelations(declarator.Symbol, initializer.Value, state);
                        }
                    }
                }

                return TaintValue.Clean;
            case IDelegateCreationOperation delegateCreation:
                return Visit(delegateCreation.Target, state);
            case IFlowAnonymousFunctionOperation lambda:
                return AnalyzeLambda(lambda, TaintValue.Clean, state);
            case ILiteralOperation:
            case IDefaultValueOperation:
            case INameOfOperation:
            case ITypeOfOperation:
            case ISizeOfOperation:
            case IInstanceReferenceOperation:
            case ICaughtExceptionOperation:
            case IStaticLocalInitializationSemaphoreOperation:
                return TaintValue.Clean;
            case IIsNullOperation isNull:
                Visit(isNull.Operand, state);
                return TaintValue.Clean;
            default:
            {
                var value = TaintValue.Clean;
                foreach (var child in operation.ChildOperations)
                {
                    value = TaintValue.Combined(value, Visit(child, state));
                }

                return value;
            }
        }
    }

    private void BindPattern(IPatternOperation pattern, TaintValue value, FlowState state)
    {
        switch (pattern)
        {
            case IDeclarationPatternOperation { DeclaredSymbol: { } symbol }:
                state.Set(symbol, value);
                break;
            case IRecursivePatternOperation recursive:
                if (recursive.DeclaredSymbol is { } declared)
                {
                    state.Set(declared, value);
                }

                foreach (var sub in recursive.PropertySubpatterns)
                {
                    BindPattern(sub.Pattern, value, state);
                }

                break;
            case IBinaryPatternOperation binary:
                BindPattern(binary.LeftPattern, value, state);
                BindPattern(binary.RightPattern, value, state);
                break;
        }
    }

    private void Assign(IOperation target, TaintValue value, IOperation? source, FlowState state)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                state.Set(local.Local, value);
                RecordPathRelations(local.Local, source, state);
                break;
            case IParameterReferenceOperation parameter:
                state.Set(parameter.Parameter, value);
                RecordPathRelations(parameter.Parameter, source, state);
                break;
            case IFlowCaptureReferenceOperation capture:
                state.Set(capture.Id, value);
                break;
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                state.Set(field.Field, value);
                break;
            case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property.IsIndexer: false } property:
                CheckPropertySink(property, value, source);
                state.Set(property.Property, value);
                break;
            case IPropertyReferenceOperation property:
                CheckPropertySink(property, value, source);
                if (property.Property.IsIndexer && property.Arguments.Length == 1)
                {
                    CheckEnvironment(property.Instance, property.Arguments[0].Value, Visit(property.Arguments[0].Value, state), source, value, "[]");
                }

                Taint(property.Instance, value, state);
                break;
            case IFieldReferenceOperation field:
                Taint(field.Instance, value, state);
                break;
            case IArrayElementReferenceOperation element:
                Taint(element.ArrayReference, value, state);
                break;
            case IDeclarationExpressionOperation declaration:
                Assign(declaration.Expression, value, source, state);
                break;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    Assign(element, value, null, state);
                }

                break;
        }
    }

    /// <summary>A member or element of an object became tainted: the object (its root variable) is tainted.</summary>
    private static void Taint(IOperation? instance, TaintValue value, FlowState state)
    {
        if (!value.IsTainted || RootKey(instance) is not { } root)
        {
            return;
        }

        state.Set(root, TaintValue.Join(state.Get(root), value.WithNormalized(false)));
    }

    /// <summary>The variable an expression is rooted in: <c>a</c> for <c>a.B.C</c>, <c>a[0]</c>, a capture.</summary>
    internal static object? RootKey(IOperation? operation)
    {
        while (operation is not null)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFlowCaptureReferenceOperation capture:
                    return capture.Id;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                    return field.Field;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property.IsIndexer: false } property:
                    return property.Property;
                case IMemberReferenceOperation member:
                    operation = member.Instance;
                    continue;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    continue;
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IDeclarationExpressionOperation declaration:
                    operation = declaration.Expression; // out var resolved
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Remembers which variable a normaliser's result (<c>full = Path.GetFullPath(x)</c>) or a relative path
    /// (<c>rel = Path.GetRelativePath(root, x)</c>) came from, so that a check on the result clears the variable.
    /// </summary>
    private void RecordPathRelations(ISymbol target, IOperation? source, FlowState state)
    {
        var value = source is null ? null : OperationExtensions.Unwrap(source);

        // GetFullPath(x).TrimEnd(separators) + Path.DirectorySeparatorChar still holds x's full path
        while (true)
        {
            if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add && IsSeparator(add.RightOperand))
            {
                value = OperationExtensions.Unwrap(add.LeftOperand);
            }
            else if (value is IInvocationOperation { TargetMethod: { Name: "TrimEnd", ContainingType.SpecialType: SpecialType.System_String }, Instance: { } trimmed })
            {
                value = OperationExtensions.Unwrap(trimmed);
            }
            else
            {
                break;
            }
        }

        ISymbol? fullPathOf = null;
        ISymbol? relativePathOf = null;
        if (value is IInvocationOperation { TargetMethod: { } method } invocation)
        {
            if (invocation.Arguments.Length == 1 && _engine.Tables.Guards(method, GuardRole.Normalizes) != SinkFamily.None)
            {
                fullPathOf = RootKey(invocation.Arguments[0].Value) as ISymbol;
            }
            else if (invocation.Arguments.Length == 2 && _engine.Tables.Guards(method, GuardRole.RelativePath) != SinkFamily.None)
            {
                relativePathOf = RootKey(invocation.Arguments[1].Value) as ISymbol;
            }
        }

        state.SetFullPathOf(target, fullPathOf);
        state.SetRelativePathOf(target, relativePathOf);
    }

    private TaintValue VisitInvocation(IInvocationOperation invocation, FlowState state)
    {
        var method = invocation.TargetMethod;
        var receiver = invocation.Instance is null ? TaintValue.Clean : Visit(invocation.Instance, state);
        var arguments = invocation.Arguments;
        var values = new TaintValue[arguments.Length];

        // A lambda argument (LINQ, callbacks) runs over the receiver's elements: its parameters carry that taint.
        var elementTaint = method.IsExtensionMethod && arguments.Length > 0 ? Visit(arguments[0].Value, state) : receiver;
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            if (argument.Parameter?.RefKind == RefKind.Out)
            {
                continue;
            }

            values[i] = i == 0 && method.IsExtensionMethod
                ? elementTaint
                : FlowTypes.LambdaOf(argument.Value) is { } lambda ? AnalyzeLambda(lambda, elementTaint, state) : Visit(argument.Value, state);
        }

        ConfineTemplateValues(invocation, values, state);
        var isSink = CheckSinks(method, SinkKind.Method, arguments, values)
                     || CheckArgumentList(invocation, values);
        if (method.Name is "Add" or "TryAdd" && arguments.Length == 2)
        {
            CheckEnvironment(invocation.Instance, arguments[0].Value, values[0], arguments[1].Value, values[1], "." + method.Name);
        }
        var sanitized = _engine.Tables.SanitizedFamilies(method);
        var inputs = receiver;
        foreach (var value in values)
        {
            inputs = TaintValue.Combined(inputs, value);
        }

        TaintValue result;
        if (sanitized == SinkFamily.None && _engine.HasSourceBody(method))
        {
            result = _engine.Call(method, receiver, MapToParameters(method, arguments, values), _depth + 1, Collector, out var validated);
            if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
            {
                // a validator of SQL or command text that throws on rejection: the argument is checked after the call
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (values[i].IsTaintedFor(SinkFamily.Sql | SinkFamily.Command) && arguments[i].Parameter is { } parameter
                        && _engine.ValidatesText(method, parameter.Ordinal, _collector.CancellationToken) is var checkedFor && checkedFor != SinkFamily.None)
                    {
                        ClearInPlace(state, arguments[i].Value, checkedFor);
                    }
                }
            }

            if (validated is not null)
            {
                // a validator: what it proved of a parameter whenever it returns holds for the argument after the call
                foreach (var argument in arguments)
                {
                    if (argument.Parameter is { RefKind: RefKind.None } parameter && parameter.Ordinal < validated.Length && validated[parameter.Ordinal] != SinkFamily.None)
                    {
                        ClearInPlace(state, argument.Value, validated[parameter.Ordinal]);
                    }
                }
            }
        }
        else if (method.MethodKind == MethodKind.LocalFunction && sanitized == SinkFamily.None)
        {
            result = AnalyzeLocalFunction(method, arguments, values, state) ?? inputs;
        }
        else
        {
            result = LibraryResult(invocation, receiver, values, inputs, state);
        }

        if (isSink)
        {
            result = TaintValue.Clean; // what a sink returns (file contents, rows) is not the caller's input
        }

        // out values: a sanitizer's are clean for what it guards; TryGetValue's come from the table, not the key.
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Parameter?.RefKind is RefKind.Out or RefKind.Ref)
            {
                var outValue = method.Name == "TryGetValue" ? receiver : inputs;
                Assign(arguments[i].Value, outValue.Without(sanitized), null, state);
            }
        }

        return result.Without(sanitized);
    }

    private TaintValue LibraryResult(IInvocationOperation invocation, TaintValue receiver, TaintValue[] values, TaintValue inputs, FlowState state)
    {
        var method = invocation.TargetMethod;
        foreach (var guard in _engine.Tables.GuardsFor(method))
        {
            switch (guard.Role)
            {
                case GuardRole.Normalizes:
                    return inputs.IsTainted && values.Length == 1 ? inputs.WithNormalized(true) : inputs;
                case GuardRole.RootReplacingJoin when invocation.Arguments.Length > 0:
                {
                    // Path.Combine(root, input): a rooted input replaces the root (MCPSEC014 when relied on).
                    var first = invocation.Arguments[0].ArgumentKind == ArgumentKind.ParamArray ? TaintValue.Clean : values[0];
                    return !first.IsTainted && inputs.IsTainted ? inputs.WithCombine(invocation) : inputs;
                }
            }
        }

        if (invocation.Instance is { } instance && FlowTypes.IsMutator(method))
        {
            Taint(instance, inputs, state); // sb.Append(x), list.Add(x), dict[k] = v
            return TaintValue.Join(receiver, inputs);
        }

        // full.TrimEnd('/', '\\'): trailing separators off a normalised path leave it normalised
        if (receiver.Normalized && method is { Name: "TrimEnd", ContainingType.SpecialType: SpecialType.System_String } && !ArgumentsTainted(values))
        {
            return receiver;
        }

        if (method.Name is "TryGetValue" or "GetValueOrDefault" or "ElementAt" or "ElementAtOrDefault")
        {
            return receiver.IsTainted || !method.IsExtensionMethod ? receiver : values.Length > 0 ? values[0] : TaintValue.Clean;
        }

        return inputs;
    }

    private TaintValue VisitCreation(IObjectCreationOperation creation, FlowState state)
    {
        var values = new TaintValue[creation.Arguments.Length];
        var value = TaintValue.Clean;
        for (var i = 0; i < creation.Arguments.Length; i++)
        {
            values[i] = FlowTypes.LambdaOf(creation.Arguments[i].Value) is { } lambda
                ? AnalyzeLambda(lambda, TaintValue.Clean, state)
                : Visit(creation.Arguments[i].Value, state);
            value = TaintValue.Combined(value, values[i]);
        }

        var isSink = creation.Constructor is { } constructor && CheckSinks(constructor, SinkKind.Constructor, creation.Arguments, values);
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                switch (member)
                {
                    case ISimpleAssignmentOperation assignment:
                    {
                        var assigned = Visit(assignment.Value, state);
                        if (assignment.Target is IPropertyReferenceOperation property)
                        {
                            CheckPropertySink(property, assigned, assignment.Value);
                        }

                        value = TaintValue.Combined(value, assigned);
                        break;
                    }

                    default:
                        value = TaintValue.Combined(value, Visit(member, state));
                        break;
                }
            }
        }

        return isSink ? TaintValue.Clean : value;
    }

    private bool CheckSinks(IMethodSymbol method, SinkKind kind, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, TaintValue[] values)
    {
        var any = false;
        var sinks = _engine.Tables.SinksFor(method, kind);
        if (sinks.IsEmpty && kind != SinkKind.PropertySet && PathFamily.IsLibraryFileMethod(method))
        {
            // a library the tables do not list, whose parameter is named as a file path (a lower confidence: said so)
            for (var i = 0; i < arguments.Length; i++)
            {
                if (arguments[i].Parameter is { Type.SpecialType: SpecialType.System_String } parameter && PathFamily.HeuristicPathParameters.Contains(parameter.Name))
                {
                    any = true;
                    if (_collect && values[i].IsTaintedFor(SinkFamily.Path))
                    {
                        _collector.AddHit(new SinkHit(arguments[i].Value, SinkFamily.Path, FlowTypes.DisplayName(method) + " (a file sink by its parameter name)", values[i]));
                        _collector.AddPathSinkSubject(SubjectOf(arguments[i].Value));
                    }
                }
            }

            return any;
        }

        foreach (var sink in sinks)
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                if (!FlowTables.IsSinkParameter(sink, arguments[i].Parameter))
                {
                    continue;
                }

                any = true; // this call consumes the argument (new Uri(text) does not: it only carries it on)
                var value = values[i];
                if (_collect && value.IsTaintedFor(sink.Family)
                    && !(sink.Family == SinkFamily.Command && IsArgumentSequenceAfterEndOfOptions(arguments[i])))
                {
                    _collector.AddHit(new SinkHit(arguments[i].Value, sink.Family, FlowTypes.DisplayName(method), value));
                    if (sink.Family == SinkFamily.Path)
                    {
                        _collector.AddPathSinkSubject(SubjectOf(arguments[i].Value));
                    }
                }
            }
        }

        return any;
    }

    /// <summary>
    /// An element added to a collection whose elements are sinks (<see cref="ElementSinkDefinition"/>:
    /// <c>psi.ArgumentList.Add(value)</c>): one argument, no shell splitting, but an option when it starts with '-'
    /// unless a literal "--" came first (option injection into git, curl, ssh, tar...).
    /// </summary>
    private bool CheckArgumentList(IInvocationOperation invocation, TaintValue[] values)
    {
        if (invocation.Instance is null
            || OperationExtensions.Unwrap(invocation.Instance) is not IPropertyReferenceOperation { Property: { } collection }
            || _engine.Tables.ElementSinkOf(collection) is not { } sink
            || !sink.Adders.Contains(invocation.TargetMethod.Name))
        {
            return false;
        }

        if (_collect && invocation.Arguments.Length > 0)
        {
            var index = invocation.Arguments.Length - 1;
            var value = values[index];
            if (value.IsTaintedFor(sink.Family) && !CommandShapes.FollowsEndOfOptions(invocation.Arguments[index].Value.Syntax))
            {
                _collector.AddHit(new SinkHit(invocation.Arguments[index].Value, sink.Family, $"{collection.ContainingType.Name}.{collection.Name}.{invocation.TargetMethod.Name}", value));
            }
        }

        return true;
    }

    /// <summary>
    /// The environment of a started process (<c>psi.Environment[name] = value</c>, <c>Environment.Add(name, value)</c>):
    /// tool input that chooses the variable's name, or the value of a variable that loads code (LD_PRELOAD, NODE_OPTIONS,
    /// GIT_SSH_COMMAND...), runs code in the started program.
    /// </summary>
    private void CheckEnvironment(IOperation? instance, IOperation key, TaintValue keyTaint, IOperation? value, TaintValue valueTaint, string how)
    {
        if (!_collect || instance is null
            || OperationExtensions.Unwrap(instance) is not IPropertyReferenceOperation { Property: { } environment }
            || !CommandFamily.IsProcessEnvironment(environment))
        {
            return;
        }

        var sink = $"ProcessStartInfo.{environment.Name}{how}";
        if (keyTaint.IsTaintedFor(SinkFamily.Command))
        {
            _collector.AddHit(new SinkHit(key, SinkFamily.Command, sink, keyTaint));
        }
        else if (value is not null && valueTaint.IsTaintedFor(SinkFamily.Command)
                 && OperationExtensions.Unwrap(key).ConstantValue.Value is string name && CommandFamily.CodeLoadingVariables.Contains(name))
        {
            _collector.AddHit(new SinkHit(value, SinkFamily.Command, sink, valueTaint));
        }
    }

    /// <summary><c>Process.Start("git", new[] { "log", "--", value })</c>: every non-constant element follows a literal "--".</summary>
    private static bool IsArgumentSequenceAfterEndOfOptions(IArgumentOperation argument)
    {
        if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        var syntax = argument.Value.Syntax;
        var elements = syntax switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Cast<SyntaxNode>(),
            Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Cast<SyntaxNode>(),
            Microsoft.CodeAnalysis.CSharp.Syntax.CollectionExpressionSyntax collection => collection.Elements.Cast<SyntaxNode>(),
            _ => null,
        };
        if (elements is null)
        {
            return false;
        }

        var seenEndOfOptions = false;
        foreach (var element in elements)
        {
            var expression = element is Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionElementSyntax e ? e.Expression : element;
            if (expression is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax literal)
            {
                seenEndOfOptions |= literal.Token.ValueText == "--";
            }
            else if (!seenEndOfOptions)
            {
                return false;
            }
        }

        return true;
    }

    private void CheckPropertySink(IPropertyReferenceOperation property, TaintValue value, IOperation? source)
    {
        if (!_collect || source is null || !value.IsTainted)
        {
            return;
        }

        foreach (var sink in _engine.Tables.SinksFor(property.Property, SinkKind.PropertySet))
        {
            if (value.IsTaintedFor(sink.Family))
            {
                _collector.AddHit(new SinkHit(source, sink.Family, FlowTypes.DisplayName(property.Property), value));
            }
        }
    }

    private static TaintValue[] MapToParameters(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, TaintValue[] values)
    {
        var mapped = new TaintValue[method.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Parameter is { } parameter && parameter.Ordinal < mapped.Length)
            {
                mapped[parameter.Ordinal] = TaintValue.Join(mapped[parameter.Ordinal], values[i]);
            }
        }

        return mapped;
    }

    private TaintValue AnalyzeLambda(IFlowAnonymousFunctionOperation lambda, TaintValue parameterTaint, FlowState state)
    {
        if (_depth > TaintEngine.MaxDepth)
        {
            return TaintValue.Clean;
        }

        ControlFlowGraph graph;
        try
        {
            if (_cfg is null)
            {
                return TaintValue.Clean; // a straight-line body has no lambda (StraightLine.Of)
            }

            graph = _cfg.GetAnonymousFunctionControlFlowGraph(lambda, _collector.CancellationToken);
        }
        catch (ArgumentException)
        {
            return TaintValue.Clean;
        }

        var entry = state.Clone();
        foreach (var parameter in lambda.Symbol.Parameters)
        {
            entry.Set(parameter, parameterTaint);
        }

        return Run(_engine, graph, entry, _depth + 1, Collector).Return;
    }

    private TaintValue? AnalyzeLocalFunction(IMethodSymbol localFunction, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, TaintValue[] values, FlowState state)
    {
        if (_depth > TaintEngine.MaxDepth)
        {
            return null;
        }

        ControlFlowGraph? graph = null;
        for (var current = _cfg; current is not null && graph is null; current = current.Parent)
        {
            if (current.LocalFunctions.Contains(localFunction, SymbolEqualityComparer.Default))
            {
                graph = current.GetLocalFunctionControlFlowGraph(localFunction, _collector.CancellationToken);
            }
        }

        if (graph is null)
        {
            return null;
        }

        var entry = state.Clone();
        var mapped = MapToParameters(localFunction, arguments, values);
        for (var i = 0; i < mapped.Length; i++)
        {
            entry.Set(localFunction.Parameters[i], mapped[i]);
        }

        return Run(_engine, graph, entry, _depth + 1, Collector).Return;
    }

    /// <summary>Refines a state by a condition outside a running analysis (guard summaries of helpers).</summary>
    internal static (FlowState WhenTrue, FlowState WhenFalse) Refine(TaintEngine engine, ControlFlowGraph cfg, IOperation condition, FlowState state, System.Threading.CancellationToken cancellationToken)
        => new TaintTransfer(engine, cfg, TaintEngine.MaxDepth, new FlowCollector(cancellationToken)).Refine(condition, state);

    /// <summary>The states on the true and false edges of a condition: checks clear what they prove safe.</summary>
    internal (FlowState WhenTrue, FlowState WhenFalse) Refine(IOperation condition, FlowState state)
    {
        condition = OperationExtensions.Unwrap(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
            {
                var (whenTrue, whenFalse) = Refine(not.Operand, state);
                return (whenFalse, whenTrue);
            }


            case IInvocationOperation { Instance: { } instance } startsWith
                when startsWith.Arguments.Length > 0 && _engine.Tables.Guards(startsWith.TargetMethod, GuardRole.PrefixTest) is var prefixFamilies && prefixFamilies != SinkFamily.None:
                return RefineStartsWith(startsWith, instance, prefixFamilies, state);

            case IInvocationOperation contains
                when contains.Arguments.Length > 0 && _engine.Tables.Guards(contains.TargetMethod, GuardRole.FixedTableMembership) is var tableFamilies && tableFamilies != SinkFamily.None:
            {
                // allowlist.Contains(value) on a table that is not itself tainted
                var table = contains.Instance ?? (contains.TargetMethod.IsExtensionMethod ? contains.Arguments[0].Value : null);
                var candidate = contains.Arguments[contains.Arguments.Length - 1].Value;
                if (table is not null && !Visit(table, state).IsTainted && FlowTypes.IsFixedTable(table, _engine.Context.Compilation) && candidate != table)
                {
                    return (Cleared(state, candidate, tableFamilies), state);
                }

                break;
            }

            case IInvocationOperation regexCall
                when _engine.Tables.Guards(regexCall.TargetMethod, GuardRole.AnchoredPatternTest) is var patternFamilies && patternFamilies != SinkFamily.None
                     && RegexGuards.CheckedInput(regexCall, _engine.Context.Compilation) is { } checkedInput:
                return (Cleared(state, checkedInput, patternFamilies), state);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } equality:
            {
                var constantSide = equality.RightOperand.ConstantValue.HasValue ? equality.RightOperand : equality.LeftOperand.ConstantValue.HasValue ? equality.LeftOperand : null;
                var other = constantSide == equality.RightOperand ? equality.LeftOperand : equality.RightOperand;
                if (constantSide is { ConstantValue.Value: string } && !IsUriPartOtherThanHost(other))
                {
                    var cleared = Cleared(state, other, SinkFamily.All);
                    return equality.OperatorKind == BinaryOperatorKind.Equals ? (cleared, state) : (state, cleared);
                }

                // full == root, with root a clean variable: on the equal edge the value is the clean one
                if (constantSide is null && equality.LeftOperand.Type?.SpecialType == SpecialType.System_String
                    && IsVariable(equality.LeftOperand) && IsVariable(equality.RightOperand))
                {
                    var leftTainted = Visit(equality.LeftOperand, state).IsTainted;
                    var rightTainted = Visit(equality.RightOperand, state).IsTainted;
                    if (leftTainted != rightTainted)
                    {
                        var cleared = Cleared(state, leftTainted ? equality.LeftOperand : equality.RightOperand, SinkFamily.All);
                        return equality.OperatorKind == BinaryOperatorKind.Equals ? (cleared, state) : (state, cleared);
                    }
                }

                break;
            }

            case IIsPatternOperation { Pattern: { } pattern } isPattern when FlowTypes.IsConstantStringPattern(pattern):
                return (Cleared(state, isPattern.Value, SinkFamily.All), state);

            case IInvocationOperation guardCall when _engine.Tables.Guard(guardCall.TargetMethod, GuardRole.ProvesWhenTrue) is { } proves:
            {
                var provenFamilies = _engine.Tables.Guards(guardCall.TargetMethod, GuardRole.ProvesWhenTrue);
                var whenTrue = state;
                foreach (var argument in guardCall.Arguments)
                {
                    if (argument.Parameter?.Ordinal == proves.Argument)
                    {
                        whenTrue = Cleared(whenTrue, argument.Value, provenFamilies);
                    }
                }

                return (whenTrue, state);
            }

            case IInvocationOperation call when _engine.HasSourceBody(call.TargetMethod) && call.Type?.SpecialType == SpecialType.System_Boolean:
            {
                // a helper such as IsInside(root, path) in another file that proves containment when it returns true,
                // or a validator of SQL or command text that returns false on rejection
                var guarded = _engine.GuardedParameters(call.TargetMethod, _collector.CancellationToken);
                var whenTrue = state;
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is not { } parameter)
                    {
                        continue;
                    }

                    if (guarded.Contains(parameter.Ordinal))
                    {
                        whenTrue = Cleared(whenTrue, argument.Value, SinkFamily.Path);
                    }

                    if (_engine.ValidatesText(call.TargetMethod, parameter.Ordinal, _collector.CancellationToken) is var checkedFor && checkedFor != SinkFamily.None)
                    {
                        whenTrue = Cleared(whenTrue, argument.Value, checkedFor);
                    }
                }

                if (ReferenceEquals(whenTrue, state))
                {
                    break;
                }

                return (whenTrue, state);
            }
        }

        return (state, state);
    }

    /// <summary><c>uri.Scheme == "https"</c> says nothing about the host; <c>uri.Host == "api.example.com"</c> does.</summary>
    private bool IsUriPartOtherThanHost(IOperation operation)
        => OperationExtensions.Unwrap(operation) is IPropertyReferenceOperation { Property: { } property }
           && _engine.Tables.IsUriPartOtherThanHost(property);

    /// <summary>
    /// A prefix test (<see cref="GuardRole.PrefixTest"/>) on a path: containment on the true edge when it meets
    /// <see cref="PathFamily"/>'s requirements, else a weak check; <c>rel.StartsWith("..")</c> on a relative path.
    /// </summary>
    private (FlowState WhenTrue, FlowState WhenFalse) RefineStartsWith(IInvocationOperation startsWith, IOperation instance, SinkFamily families, FlowState state)
    {
        var subject = Visit(instance, state);
        var prefix = startsWith.Arguments[0].Value;

        // rel.StartsWith("..") where rel = Path.GetRelativePath(root, x): x is contained on the false edge
        if (RootKey(instance) is ISymbol relative && state.RelativePathOf(relative) is { } relativeSource
            && OperationExtensions.Unwrap(prefix).ConstantValue.Value is string dots && dots.StartsWith("..", StringComparison.Ordinal))
        {
            var whenFalse = state.Clone();
            whenFalse.Set(relativeSource, whenFalse.Get(relativeSource).Without(families));
            return (state, whenFalse);
        }

        if (!subject.IsTaintedFor(families) || IsNotAPathPrefix(prefix))
        {
            return (state, state);
        }

        var comparison = FlowTypes.StringComparisonOf(startsWith);
        var ordinal = comparison is StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase;
        var separator = PathFamily.EndsWithSeparator(prefix, _engine.Context.Compilation);
        if (PathFamily.PrefixTestWeakness(subject.Normalized, separator, ordinal) is not { } weakness)
        {
            return (Cleared(state, instance, families), state);
        }

        if (prefix.Type?.SpecialType != SpecialType.System_String)
        {
            return (state, state);
        }

        if (_collect)
        {
            _collector.AddWeakCheck(new WeakCheck(startsWith, weakness, subject, PathFamily.IsEvidentlyAPath(subject, prefix), SubjectOf(instance)));
        }

        // The code relies on this (broken) check, not on Path.Combine: one finding, at the check.
        if (RootKey(instance) is { } checkedKey && subject.Combine is not null)
        {
            var withoutCombine = state.Clone();
            withoutCombine.Set(checkedKey, subject.WithCombine(null));
            return (withoutCombine, withoutCombine);
        }

        return (state, state);
    }

    /// <summary>
    /// A constant prefix that is no path (<c>"SELECT"</c>, <c>"#"</c>, <c>"v2-"</c>, <c>"Error:"</c>, <c>"https://"</c>)
    /// checks what the text is, not where a path points: not a containment check, so neither a guard nor a weak one.
    /// </summary>
    private static bool IsNotAPathPrefix(IOperation prefix)
        => OperationExtensions.Unwrap(prefix).ConstantValue is { HasValue: true, Value: string text } && !PathFamily.LooksLikePath(text);

    /// <summary>
    /// <c>string.Format(template, ...)</c> and <c>template.Replace(placeholder, value)</c> on a constant URL template
    /// whose host comes before the placeholder: the substituted value chooses only the path or query, so it carries no
    /// URL taint into the result (see <see cref="UrlConfinement.ConfinesAt"/>).
    /// </summary>
    private void ConfineTemplateValues(IInvocationOperation invocation, TaintValue[] values, FlowState state)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        var compilation = _engine.Context.Compilation;
        var arguments = invocation.Arguments;
        if (method is { IsStatic: false, Name: "Replace" } && arguments.Length == 2 && values[1].IsTaintedFor(SinkFamily.Url)
            && invocation.Instance is { } instance && UrlConfinement.ConstantText(instance, compilation) is { } template
            && UrlConfinement.ConstantText(arguments[0].Value, compilation) is { Length: > 0 } placeholder
            && UrlConfinement.ConfinesAt(template, placeholder))
        {
            values[1] = values[1].Without(SinkFamily.Url);
            return;
        }

        if (method is not { IsStatic: true, Name: "Format" })
        {
            return;
        }

        var formatIndex = -1;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Parameter?.Name == "format")
            {
                formatIndex = i;
            }
        }

        if (formatIndex < 0 || UrlConfinement.ConstantText(arguments[formatIndex].Value, compilation) is not { } format)
        {
            return;
        }

        for (var i = formatIndex + 1; i < arguments.Length; i++)
        {
            if (!values[i].IsTaintedFor(SinkFamily.Url))
            {
                continue;
            }

            if (arguments[i].ArgumentKind == ArgumentKind.ParamArray)
            {
                if (OperationExtensions.Unwrap(arguments[i].Value) is IArrayCreationOperation { Initializer.ElementValues: var elements })
                {
                    var combined = TaintValue.Clean;
                    for (var e = 0; e < elements.Length; e++)
                    {
                        var element = Visit(elements[e], state);
                        combined = TaintValue.Combined(combined, ConfinedFormatValue(format, e, element));
                    }

                    values[i] = combined;
                }

                continue;
            }

            values[i] = ConfinedFormatValue(format, i - formatIndex - 1, values[i]);
        }
    }

    private static TaintValue ConfinedFormatValue(string format, int index, TaintValue value)
        => UrlConfinement.FormatPlaceholder(format, index) is { } placeholder && UrlConfinement.ConfinesAt(format, placeholder)
            ? value.Without(SinkFamily.Url)
            : value;

    private static bool ArgumentsTainted(TaintValue[] values)
    {
        foreach (var value in values)
        {
            if (value.IsTainted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A directory separator: the constant "/" or "\", or Path.DirectorySeparatorChar / AltDirectorySeparatorChar.</summary>
    private static bool IsSeparator(IOperation operation)
    {
        operation = OperationExtensions.Unwrap(operation);
        return operation.ConstantValue.Value is "/" or "\\" or '/' or '\\'
               || operation is IFieldReferenceOperation { Field: { Name: "DirectorySeparatorChar" or "AltDirectorySeparatorChar", ContainingType: { } type } } && type.IsType("System.IO.Path");
    }

    private static bool IsVariable(IOperation operation)
        => OperationExtensions.Unwrap(operation) is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
            or IPropertyReferenceOperation { Property.IsIndexer: false } or IFlowCaptureReferenceOperation;

    /// <summary>The variable an expression tests or passes (through flow captures), when it is one.</summary>
    private ISymbol? SubjectOf(IOperation operation)
    {
        var key = RootKey(operation);
        if (key is CaptureId id && _captureSources.TryGetValue(id, out var source))
        {
            key = source;
        }

        return key as ISymbol;
    }

    /// <summary>A copy of the state where the variable behind <paramref name="value"/> (and the path it normalises) is clean.</summary>
    private FlowState Cleared(FlowState state, IOperation value, SinkFamily families)
    {
        if (RootKey(value) is null)
        {
            return state;
        }

        var cleared = state.Clone();
        ClearInPlace(cleared, value, families);
        return cleared;
    }

    /// <summary>Makes the variable behind <paramref name="value"/> (and the path it normalises) clean in <paramref name="cleared"/>.</summary>
    private void ClearInPlace(FlowState cleared, IOperation value, SinkFamily families)
    {
        if (RootKey(value) is not { } key)
        {
            return;
        }

        cleared.Set(key, cleared.Get(key).Without(families));
        if (key is CaptureId id && _captureSources.TryGetValue(id, out var captured))
        {
            cleared.Set(captured, cleared.Get(captured).Without(families));
            key = captured;
        }

        if (key is ISymbol symbol && cleared.FullPathOf(symbol) is { } source)
        {
            cleared.Set(source, cleared.Get(source).Without(families));
        }
    }
}
