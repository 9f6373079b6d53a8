using System;
using System.Collections.Immutable;
using System.Threading;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>What a call does to the world, as far as a tool annotation is concerned.</summary>
[Flags]
internal enum Effect
{
    None = 0,

    /// <summary>Changes state (files, rows, a non-GET request): contradicts ReadOnly = true.</summary>
    Writes = 1,

    /// <summary>Deletes or overwrites (File.Delete, WriteAllText, DELETE/UPDATE/DROP, HTTP DELETE/PUT): contradicts Destructive = false.</summary>
    Destroys = 2,
}

/// <summary>
/// Side effects of library calls for MCPSEC072: file writes, non-query SQL and requests sent with a non-GET method.
/// The SQL sinks come from the flow engine's sink tables; the file and HTTP types are resolved once per compilation
/// (a type of the application's own with the same name is not one of them), the writing members are named here.
/// A process is not an effect: a read-only program (<c>ls</c>, an osquery query) is common.
/// </summary>
internal sealed class EffectTables
{
    /// <summary>How far a value is followed into the source methods it is passed to (request builders, send helpers).</summary>
    private const int MaxDepth = 3;

    private static readonly ImmutableHashSet<string> FileAppends = ImmutableHashSet.Create(
        StringComparer.Ordinal, "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendAllBytes", "AppendAllBytesAsync",
        "AppendText", "CreateDirectory", "CreateSubdirectory", "Copy", "CopyTo", "CreateSymbolicLink", "SetAttributes", "SetCreationTime",
        "SetCreationTimeUtc", "SetLastWriteTime", "SetLastWriteTimeUtc", "SetLastAccessTime", "SetLastAccessTimeUtc", "CreateFromDirectory");

    private static readonly ImmutableHashSet<string> FileOverwrites = ImmutableHashSet.Create(
        StringComparer.Ordinal, "WriteAllText", "WriteAllTextAsync", "WriteAllLines", "WriteAllLinesAsync", "WriteAllBytes", "WriteAllBytesAsync",
        "Create", "CreateText", "OpenWrite", "Delete", "Move", "MoveTo", "Replace", "Encrypt", "Decrypt", "ExtractToDirectory", "ExtractToFile");

    private static readonly ImmutableHashSet<string> NonQueryCalls = ImmutableHashSet.Create(
        StringComparer.Ordinal, "ExecuteNonQuery", "ExecuteNonQueryAsync", "Execute", "ExecuteAsync", "SaveChanges", "SaveChangesAsync",
        "ExecuteSql", "ExecuteSqlAsync", "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync",
        "ExecuteDelete", "ExecuteDeleteAsync", "ExecuteUpdate", "ExecuteUpdateAsync");

    private static readonly ImmutableHashSet<string> HttpWrites = ImmutableHashSet.Create(
        StringComparer.Ordinal, "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync",
        "DeleteFromJsonAsync", "UploadString", "UploadStringTaskAsync", "UploadData", "UploadDataTaskAsync", "UploadFile", "UploadFileTaskAsync",
        "UploadValues", "UploadValuesTaskAsync");

    private static readonly string[] WriteKeywords = { "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "DROP", "ALTER", "CREATE", "TRUNCATE", "GRANT", "REVOKE" };

    private static readonly string[] DestroyKeywords = { "UPDATE", "DELETE", "MERGE", "REPLACE", "DROP", "ALTER", "TRUNCATE", "REVOKE" };

    private readonly TaintEngine _engine;
    private readonly ImmutableArray<INamedTypeSymbol> _fileTypes;
    private readonly INamedTypeSymbol? _streamWriter;
    private readonly INamedTypeSymbol? _fileStream;
    private readonly INamedTypeSymbol? _httpClient;
    private readonly INamedTypeSymbol? _httpMessageInvoker;
    private readonly INamedTypeSymbol? _httpClientJson;
    private readonly INamedTypeSymbol? _webClient;
    private readonly INamedTypeSymbol? _httpMethod;
    private readonly INamedTypeSymbol? _httpRequestMessage;

    /// <summary>Resolves the file and HTTP types of the compilation (call once per compilation).</summary>
    public EffectTables(TaintEngine engine)
    {
        _engine = engine;
        var compilation = engine.Context.Compilation;
        var files = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in new[]
                 {
                     "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
                     "System.IO.Compression.ZipFile", "System.IO.Compression.ZipFileExtensions", "System.IO.Compression.ZipArchive", "System.IO.Compression.ZipArchiveEntry",
                 })
        {
            files.AddRange(McpSymbols.TypesNamed(compilation, name));
        }

        _fileTypes = files.ToImmutable();
        _streamWriter = McpSymbols.ResolveType(compilation, "System.IO.StreamWriter");
        _fileStream = McpSymbols.ResolveType(compilation, "System.IO.FileStream");
        _httpClient = McpSymbols.ResolveType(compilation, "System.Net.Http.HttpClient");
        _httpMessageInvoker = McpSymbols.ResolveType(compilation, "System.Net.Http.HttpMessageInvoker");
        _httpClientJson = McpSymbols.ResolveType(compilation, "System.Net.Http.Json.HttpClientJsonExtensions");
        _webClient = McpSymbols.ResolveType(compilation, "System.Net.WebClient");
        _httpMethod = McpSymbols.ResolveType(compilation, "System.Net.Http.HttpMethod");
        _httpRequestMessage = McpSymbols.ResolveType(compilation, "System.Net.Http.HttpRequestMessage");
    }

    /// <summary>The effect of one operation, and a short description of it (<c>writes files (File.WriteAllText)</c>).</summary>
    public (Effect Effect, string What, string Member)? Classify(IOperation operation, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return ClassifyCall(invocation);
            case IPropertyReferenceOperation { Property: { IsStatic: true } property } reference when IsType(property.ContainingType, _httpMethod):
                return ClassifyHttpMethod(reference, property.Name, cancellationToken);
            case IObjectCreationOperation { Constructor: { } constructor } creation:
            {
                var type = constructor.ContainingType;
                if (IsType(type, _httpMethod) && creation.Arguments.Length == 1 && creation.Arguments[0].Value.ConstantValue.Value is string verb)
                {
                    return ClassifyHttpMethod(creation, ToTitleCase(verb), cancellationToken);
                }

                if (IsType(type, _streamWriter) && creation.Arguments.Length > 0 && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
                {
                    var appends = HasTrueArgument(creation, "append");
                    return (appends ? Effect.Writes : Effect.Writes | Effect.Destroys, "writes files", "new StreamWriter");
                }

                if (IsType(type, _fileStream) && OpensForWriting(creation.Arguments, out var destroys))
                {
                    return (destroys ? Effect.Writes | Effect.Destroys : Effect.Writes, "writes files", "new FileStream");
                }

                return null;
            }

            default:
                return null;
        }
    }

    private (Effect, string, string)? ClassifyCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (containing is null)
        {
            return null;
        }

        var name = FlowTypes.DisplayName(method);
        if (IsFileType(containing))
        {
            if (FileOverwrites.Contains(method.Name))
            {
                return (Effect.Writes | Effect.Destroys, "writes files", name);
            }

            if (FileAppends.Contains(method.Name))
            {
                return (method.Name is "Copy" or "CopyTo" && HasTrueArgument(invocation, "overwrite") ? Effect.Writes | Effect.Destroys : Effect.Writes, "writes files", name);
            }

            if (method.Name == "Open" && OpensForWriting(invocation.Arguments, out var destroys))
            {
                return (destroys ? Effect.Writes | Effect.Destroys : Effect.Writes, "writes files", name);
            }

            return null;
        }

        var tables = _engine.Tables;
        var type = FlowTables.FullName(containing);
        if (NonQueryCalls.Contains(method.Name) && IsDataApi(containing, type))
        {
            var keyword = SqlKeyword(invocation, tables);
            var destroys = keyword is null ? method.Name is not ("SaveChanges" or "SaveChangesAsync") : Array.IndexOf(DestroyKeywords, keyword) >= 0;
            return (destroys ? Effect.Writes | Effect.Destroys : Effect.Writes, "runs non-query SQL", name);
        }

        // A query API running SQL whose text writes: "DELETE FROM t RETURNING *" through Query<T>.
        if (tables.IsSink(method, SinkKind.Method, SinkFamily.Sql) && SqlKeyword(invocation, tables) is { } writeKeyword)
        {
            return (Array.IndexOf(DestroyKeywords, writeKeyword) >= 0 ? Effect.Writes | Effect.Destroys : Effect.Writes, "runs non-query SQL", name);
        }

        if (HttpWrites.Contains(method.Name)
            && (McpSymbols.InheritsFromOrEquals(containing, _httpClient) || IsType(containing, _httpClientJson) || McpSymbols.InheritsFromOrEquals(containing, _webClient)))
        {
            var destroys = method.Name.StartsWith("Put", StringComparison.Ordinal) || method.Name.StartsWith("Patch", StringComparison.Ordinal) || method.Name.StartsWith("Delete", StringComparison.Ordinal);
            return (destroys ? Effect.Writes | Effect.Destroys : Effect.Writes, "sends non-GET HTTP requests", name);
        }

        return null;
    }

    /// <summary>
    /// <c>HttpMethod.Post</c> (or <c>new HttpMethod("POST")</c>) as the method of a request that is sent:
    /// <c>new HttpRequestMessage(HttpMethod.Post, ...)</c> or <c>Method = HttpMethod.Delete</c> on a request given to
    /// <c>Send</c>/<c>SendAsync</c> (or returned by a request builder), also through locals and the parameters of the
    /// source methods the value is passed to. A mention anywhere else (<c>method != HttpMethod.Get</c>, a switch on it)
    /// sends nothing.
    /// </summary>
    private (Effect Effect, string What, string Member)? ClassifyHttpMethod(IOperation value, string verb, CancellationToken cancellationToken)
    {
        var effect = verb switch
        {
            "Post" => Effect.Writes,
            "Put" or "Patch" or "Delete" => Effect.Writes | Effect.Destroys,
            _ => Effect.None,
        };

        if (effect == Effect.None || !Reaches(value, IsMethodOfSentRequest, 0, cancellationToken))
        {
            return null;
        }

        return (effect, "sends non-GET HTTP requests", "HttpMethod." + verb);
    }

    private static string ToTitleCase(string verb)
        => verb.Length == 0 ? verb : char.ToUpperInvariant(verb[0]) + verb.Substring(1).ToLowerInvariant();

    /// <summary>The value is the method of a request (constructor argument or <c>Method</c> assignment) that is sent.</summary>
    private bool IsMethodOfSentRequest(IOperation value, int depth, CancellationToken cancellationToken)
    {
        switch (value.Parent)
        {
            case IArgumentOperation { Parent: IObjectCreationOperation creation } when IsType(creation.Type, _httpRequestMessage):
                return Reaches(creation, IsSent, depth, cancellationToken);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Method", Instance: { } instance } target } assignment
                when assignment.Value == value && IsType(target.Property.ContainingType, _httpRequestMessage):
                if (OperationExtensions.Unwrap(instance) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
                {
                    for (var ancestor = assignment.Parent; ancestor is not null; ancestor = ancestor.Parent)
                    {
                        if (ancestor is IObjectCreationOperation request)
                        {
                            return Reaches(request, IsSent, depth, cancellationToken);
                        }
                    }

                    return false;
                }

                return OperationExtensions.Unwrap(instance) is ILocalReferenceOperation local && LocalReaches(local, IsSent, depth, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>The request is given to <c>HttpClient</c>/<c>HttpMessageInvoker</c> <c>Send</c>/<c>SendAsync</c>, or returned by a method that builds it.</summary>
    private bool IsSent(IOperation request, int depth, CancellationToken cancellationToken)
        => request.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Send" or "SendAsync" } send } } => McpSymbols.InheritsFromOrEquals(send.ContainingType, _httpMessageInvoker),
            IReturnOperation => true, // a request builder: the walker reached it from the tool, whose call path sends what it builds
            _ => false,
        };

    /// <summary>
    /// Whether a value (through conversions, conditionals, locals of the same body and the parameters of the source
    /// methods it is passed to, <see cref="MaxDepth"/> calls deep) is used as <paramref name="use"/> says.
    /// </summary>
    private bool Reaches(IOperation value, Func<IOperation, int, CancellationToken, bool> use, int depth, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var current = value;
        while (current.Parent is IConversionOperation or IParenthesizedOperation or ICoalesceOperation
               || (current.Parent is IConditionalOperation conditional && conditional.Condition != current))
        {
            current = current.Parent;
        }

        if (use(current, depth, cancellationToken))
        {
            return true;
        }

        switch (current.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return LocalReaches(declarator.Symbol, current, use, depth, cancellationToken);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current:
                return LocalReaches(target.Local, current, use, depth, cancellationToken);
            case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation } when depth < MaxDepth:
                foreach (var implementation in _engine.Implementations(invocation.TargetMethod, cancellationToken))
                {
                    if (!_engine.HasSourceBody(implementation) || parameter.Ordinal >= implementation.Parameters.Length)
                    {
                        continue;
                    }

                    var callee = implementation.OriginalDefinition.Parameters[parameter.Ordinal];
                    foreach (var body in _engine.WalkedBodies(implementation.OriginalDefinition, cancellationToken))
                    {
                        foreach (var operation in body.Descendants())
                        {
                            if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, callee)
                                && Reaches(reference, use, depth + 1, cancellationToken))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private bool LocalReaches(ILocalReferenceOperation reference, Func<IOperation, int, CancellationToken, bool> use, int depth, CancellationToken cancellationToken)
        => LocalReaches(reference.Local, reference, use, depth, cancellationToken);

    /// <summary>Any read of the local in its body is used as <paramref name="use"/> says.</summary>
    private bool LocalReaches(ILocalSymbol local, IOperation anchor, Func<IOperation, int, CancellationToken, bool> use, int depth, CancellationToken cancellationToken)
    {
        if (OperationExtensions.EnclosingBody(anchor) is not { } body)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && operation != anchor && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                && Reaches(reference, use, depth, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsFileType(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        foreach (var fileType in _fileTypes)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, fileType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected)
        => type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>A data library's type (from a referenced assembly: a type of the application's own is not one).</summary>
    private static bool IsDataApi(INamedTypeSymbol containing, string type)
        => containing.DeclaringSyntaxReferences.IsEmpty
           && (type.StartsWith("System.Data.", StringComparison.Ordinal) || type.StartsWith("Microsoft.Data.", StringComparison.Ordinal)
           || type.StartsWith("Npgsql.", StringComparison.Ordinal) || type.StartsWith("MySqlConnector.", StringComparison.Ordinal)
           || type.StartsWith("Dapper.", StringComparison.Ordinal) || type.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal));

    /// <summary>The first keyword of the SQL a call runs when it writes (INSERT, DELETE...), as far as the text is constant.</summary>
    private static string? SqlKeyword(IInvocationOperation invocation, FlowTables tables)
    {
        IOperation? text = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "sql" or "commandText" or "cmdText")
            {
                text = argument.Value;
            }
        }

        if (text is null && invocation.Instance is { } command)
        {
            text = CommandTextOf(command);
        }

        if (text is null)
        {
            return null;
        }

        var rendered = StringShape.Of(text).Render(' ').TrimStart();
        foreach (var keyword in WriteKeywords)
        {
            if (rendered.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) && (rendered.Length == keyword.Length || !char.IsLetterOrDigit(rendered[keyword.Length])))
            {
                return keyword;
            }
        }

        var with = rendered.StartsWith("WITH", StringComparison.OrdinalIgnoreCase);
        foreach (var keyword in WriteKeywords)
        {
            if (with && rendered.IndexOf(keyword + " ", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return keyword;
            }
        }

        return null;
    }

    /// <summary>The text assigned to <c>command.CommandText</c> or given to the command's constructor, in the same body.</summary>
    private static IOperation? CommandTextOf(IOperation command)
    {
        if (OperationExtensions.Unwrap(command) is not ILocalReferenceOperation { Local: { } local } reference || OperationExtensions.EnclosingBody(reference) is not { } body)
        {
            return null;
        }

        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText", Instance: { } instance }, Value: var value }
                    when OperationExtensions.Unwrap(instance) is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return value;
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                                                                 && declarator.GetVariableInitializer()?.Value is { } initializer:
                    var created = OperationExtensions.Unwrap(initializer);
                    var arguments = created switch
                    {
                        IObjectCreationOperation creation => creation.Arguments,
                        IInvocationOperation call => call.Arguments,
                        _ => ImmutableArray<IArgumentOperation>.Empty,
                    };
                    foreach (var argument in arguments)
                    {
                        if (argument.Parameter?.Name is "cmdText" or "commandText")
                        {
                            return argument.Value;
                        }
                    }

                    if (created is IObjectCreationOperation { Initializer: { } init })
                    {
                        foreach (var member in init.Initializers)
                        {
                            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText" }, Value: var text })
                            {
                                return text;
                            }
                        }
                    }

                    break;
            }
        }

        return null;
    }

    private static bool HasTrueArgument(IOperation call, string parameterName)
    {
        var arguments = call switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.Value.ConstantValue.Value is not false;
            }
        }

        return false;
    }

    /// <summary>FileMode other than Open, or FileAccess with Write: the stream writes; Create/Truncate overwrite.</summary>
    private static bool OpensForWriting(ImmutableArray<IArgumentOperation> arguments, out bool destroys)
    {
        destroys = false;
        var writes = false;
        foreach (var argument in arguments)
        {
            if (argument.Value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType || argument.Value.ConstantValue.Value is not int value)
            {
                continue;
            }

            switch (enumType.Name)
            {
                case "FileMode":
                    // CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6
                    writes |= value != 3;
                    destroys |= value is 2 or 5;
                    break;
                case "FileAccess":
                    writes |= (value & 2) != 0;
                    break;
            }
        }

        return writes;
    }
}
