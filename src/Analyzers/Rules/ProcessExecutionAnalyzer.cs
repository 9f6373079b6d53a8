using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC012: tool input reaches process or code execution: the program to run, an Arguments string
/// (argument injection, or a shell command line), an argument list element without a preceding "--" (option
/// injection), or C# script code. Reported at the value as it reaches the sink.
/// Its sinks, element sinks, sanitizers and guards: <see cref="Flow.CommandFamily"/> (and <see cref="Flow.CommonGuards"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessExecutionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: Executable, Arguments, Argument or Code, for the fix.</summary>
    public const string RoleKey = "Role";

    /// <summary>
    /// Diagnostic property: the constant program the same launch runs (<c>git</c>), when the code names one. The fix
    /// allows that program, so the fixed code runs as before with no configuration.
    /// </summary>
    public const string ProgramKey = "Program";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC012);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
            FlowEntryPoints.RegisterSinkRule(start, McpCompilationContext.Get(start.Compilation, start.Options), SinkFamily.Command | SinkFamily.Code, (hit, location) =>
            {
                var (role, how) = Describe(hit, start.Compilation);
                var properties = ImmutableDictionary<string, string?>.Empty.Add(RoleKey, role);
                if (role != "Executable" && ProgramOf(hit, start.Compilation) is { Length: > 0 } program && !CommandShapes.IsShell(program))
                {
                    properties = properties.Add(ProgramKey, program);
                }

                return Diagnostic.Create(DiagnosticDescriptors.MCPSEC012, location, properties, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName, how);
            }));
    }

    private static (string Role, string How) Describe(SinkHit hit, Compilation compilation)
    {
        if (hit.Family == SinkFamily.Code)
        {
            return ("Code", "is evaluated as C# code");
        }

        if (hit.SinkName.StartsWith("ProcessStartInfo.ArgumentList", System.StringComparison.Ordinal))
        {
            return ("Argument", "is passed as an argument with no \"--\" before it, so a value starting with '-' becomes an option (option injection)");
        }

        if (hit.SinkName == "ProcessStartInfo.FileName")
        {
            return ("Executable", "chooses the program to run");
        }

        if (hit.SinkName.StartsWith("ProcessStartInfo.Environment", System.StringComparison.Ordinal))
        {
            return ("Environment", "sets the started program's environment (a variable such as LD_PRELOAD, NODE_OPTIONS or GIT_SSH_COMMAND makes it load or run other code)");
        }

        var original = OperationExtensions.OriginalOperation(hit.Value, compilation);
        var argument = OperationExtensions.ArgumentOf(original);
        var isArgumentsProperty = hit.SinkName == "ProcessStartInfo.Arguments";
        if (argument?.Parameter?.Name == "fileName")
        {
            return ("Executable", "chooses the program to run");
        }

        if (!isArgumentsProperty && argument?.Parameter is { } parameter && parameter.Type.SpecialType != SpecialType.System_String)
        {
            return ("Argument", "is passed as an argument with no \"--\" before it, so a value starting with '-' becomes an option (option injection)");
        }

        var shell = ExecutableOf(original, argument);
        return CommandShapes.IsShell(shell)
            ? ("ShellLine", "reaches a shell command line (" + shell + "), which runs whatever it spells")
            : ("Arguments", "is spliced into an arguments string, where spaces and quotes add arguments of the caller's choosing (argument injection)");
    }

    /// <summary>
    /// The constant program of the launch the value goes to: the fileName argument or FileName beside it, or, for an
    /// <c>info.ArgumentList</c> element, the program <c>info</c> was created with or given in the same body.
    /// </summary>
    private static string? ProgramOf(SinkHit hit, Compilation compilation)
    {
        var original = OperationExtensions.OriginalOperation(hit.Value, compilation);
        var argument = OperationExtensions.ArgumentOf(original);
        if (ExecutableOf(original, argument) is { } program)
        {
            return program;
        }

        // info.ArgumentList.Add(value): the ProcessStartInfo behind info
        if (argument?.Parent is IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: "ArgumentList", Instance: { } info } }
            && Referenced(info) is { } variable)
        {
            foreach (var operation in OperationExtensions.Root(argument).Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable):
                        if (CreatedWith(value) is { } created)
                        {
                            return created;
                        }

                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName", Instance: { } target } } set
                        when SymbolEqualityComparer.Default.Equals(Referenced(target), variable):
                        return OperationExtensions.Unwrap(set.Value).ConstantValue.Value as string;
                }
            }
        }

        return null;
    }

    /// <summary>The program a <c>new ProcessStartInfo("git") { ... }</c> names, constant only.</summary>
    private static string? CreatedWith(IOperation value)
    {
        if (OperationExtensions.Unwrap(value) is not IObjectCreationOperation creation)
        {
            return null;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName" } } set)
                {
                    return OperationExtensions.Unwrap(set.Value).ConstantValue.Value as string;
                }
            }
        }

        return creation.Arguments.Length > 0 ? OperationExtensions.Unwrap(creation.Arguments[0].Value).ConstantValue.Value as string : null;
    }

    private static ISymbol? Referenced(IOperation operation) => OperationExtensions.Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>The constant program of the same launch: the fileName argument, or the FileName set beside Arguments.</summary>
    private static string? ExecutableOf(IOperation? original, IArgumentOperation? argument)
    {
        if (argument?.Parent is IInvocationOperation or IObjectCreationOperation)
        {
            foreach (var sibling in argument.Parent.ChildOperations)
            {
                if (sibling is IArgumentOperation { Parameter.Name: "fileName" } fileName)
                {
                    return OperationExtensions.Unwrap(fileName.Value).ConstantValue.Value as string;
                }
            }
        }

        for (var current = original?.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectOrCollectionInitializerOperation initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName" } } set)
                    {
                        return OperationExtensions.Unwrap(set.Value).ConstantValue.Value as string;
                    }
                }

                if (initializer.Parent is IObjectCreationOperation { Arguments.Length: > 0 } creation)
                {
                    return OperationExtensions.Unwrap(creation.Arguments[0].Value).ConstantValue.Value as string;
                }
            }

            if (current is IBlockOperation or IMethodBodyOperation)
            {
                break;
            }
        }

        return null;
    }
}
