using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Flow;

/// <summary>What a call does to the world, as far as a tool annotation is concerned.</summary>
[Flags]
internal enum Effect
{
    None = 0,

    /// <summary>Changes state (files, rows, a process, a non-GET request): contradicts ReadOnly = true.</summary>
    Writes = 1,

    /// <summary>Deletes or overwrites (File.Delete, WriteAllText, DELETE/UPDATE/DROP, HTTP DELETE/PUT): contradicts Destructive = false.</summary>
    Destroys = 2,
}

/// <summary>
/// Side effects of library calls for MCPSEC072: file writes, non-query SQL, processes and non-GET HTTP. Processes
/// and the SQL sinks come from the flow engine's sink tables; writes are the members named here.
/// </summary>
internal static class EffectTables
{
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

    /// <summary>The effect of one operation, and a short description of it (<c>writes files (File.WriteAllText)</c>).</summary>
    public static (Effect Effect, string What, string Member)? Classify(IOperation operation, FlowTables tables)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return ClassifyCall(invocation, tables);
            case IObjectCreationOperation { Constructor: { } constructor } creation:
            {
                var type = constructor.ContainingType is { } t ? FlowTables.FullName(t) : string.Empty;
                if (type is "System.IO.StreamWriter" && creation.Arguments.Length > 0 && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
                {
                    var appends = HasTrueArgument(creation, "append");
                    return (appends ? Effect.Writes : Effect.Writes | Effect.Destroys, "writes files", "new StreamWriter");
                }

                if (type is "System.IO.FileStream" && OpensForWriting(creation.Arguments, out var destroys))
                {
                    return (destroys ? Effect.Writes | Effect.Destroys : Effect.Writes, "writes files", "new FileStream");
                }

                return null;
            }

            default:
                return null;
        }
    }

    private static (Effect, string, string)? ClassifyCall(IInvocationOperation invocation, FlowTables tables)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (containing is null)
        {
            return null;
        }

        var name = FlowTypes.DisplayName(method);
        if (tables.IsSink(method, SinkKind.Method, SinkFamily.Command))
        {
            return (Effect.Writes | Effect.Destroys, "starts a process", name);
        }

        var type = FlowTables.FullName(containing);
        if (type.StartsWith("System.IO.", StringComparison.Ordinal) && (type is "System.IO.File" or "System.IO.Directory" or "System.IO.FileInfo" or "System.IO.DirectoryInfo" or "System.IO.FileSystemInfo"
            || type.StartsWith("System.IO.Compression.Zip", StringComparison.Ordinal)))
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

        if (NonQueryCalls.Contains(method.Name) && IsDataApi(type))
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

        if (HttpWrites.Contains(method.Name) && (FlowTables.DeclaredOn(containing, "System.Net.Http.HttpClient") || type.StartsWith("System.Net.Http.Json.", StringComparison.Ordinal) || type == "System.Net.WebClient"))
        {
            var destroys = method.Name.StartsWith("Put", StringComparison.Ordinal) || method.Name.StartsWith("Patch", StringComparison.Ordinal) || method.Name.StartsWith("Delete", StringComparison.Ordinal);
            return (destroys ? Effect.Writes | Effect.Destroys : Effect.Writes, "sends non-GET HTTP requests", name);
        }

        return null;
    }

    /// <summary><c>new HttpRequestMessage(HttpMethod.Post, ...)</c> and <c>Method = HttpMethod.Delete</c>: a request that writes.</summary>
    public static (Effect Effect, string What, string Member)? ClassifyHttpMethod(IPropertyReferenceOperation property)
    {
        if (property.Property.ContainingType is not { } type || FlowTables.FullName(type) != "System.Net.Http.HttpMethod" || !property.Property.IsStatic)
        {
            return null;
        }

        return property.Property.Name switch
        {
            "Post" => (Effect.Writes, "sends non-GET HTTP requests", "HttpMethod.Post"),
            "Put" or "Patch" or "Delete" => (Effect.Writes | Effect.Destroys, "sends non-GET HTTP requests", "HttpMethod." + property.Property.Name),
            _ => null,
        };
    }

    private static bool IsDataApi(string type)
        => type.StartsWith("System.Data.", StringComparison.Ordinal) || type.StartsWith("Microsoft.Data.", StringComparison.Ordinal)
           || type.StartsWith("Npgsql.", StringComparison.Ordinal) || type.StartsWith("MySqlConnector.", StringComparison.Ordinal)
           || type.StartsWith("Dapper.", StringComparison.Ordinal) || type.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal);

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
