using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static McpAnalyzers.Flow.FamilySpec;

namespace McpAnalyzers.Flow;

/// <summary>
/// Paths (MCPSEC010 unrestricted file path, MCPSEC014 broken containment): what opens, creates, moves or lists files,
/// what makes a path safe, and which checks prove or only seem to prove that a path stays inside a root.
/// </summary>
/// <remarks>
/// Accepted as containment (the value is clean for paths where the check holds):
/// <list type="bullet">
/// <item><c>PathGuard.Resolve(root, x)</c>, <c>PathGuard.TryResolve</c>, and <c>PathGuard.IsInside(root, x)</c> when true;</item>
/// <item><c>Path.GetFullPath(x)</c> then <c>full.StartsWith(root + separator, StringComparison.Ordinal[IgnoreCase])</c>
/// when true (the prefix must end with a directory separator: <c>/data</c> would accept <c>/data-evil</c>);</item>
/// <item><c>Path.GetRelativePath(root, x)</c> whose result does not start with <c>..</c>;</item>
/// <item>the file-name parts (<c>GetFileName</c>, <c>GetExtension</c>), URL escaping, a constant comparison or a
/// fixed allowlist (<see cref="CommonGuards"/>), and a boolean helper in source that proves one of these on every
/// path where it returns true.</item>
/// </list>
/// Weak checks (MCPSEC014), in the order they are named: a prefix test on a path not normalised with
/// <c>GetFullPath</c>, a prefix without a trailing separator, a culture-sensitive comparison.
/// A constant prefix that is no path (<c>"SELECT"</c>, <c>"v2-"</c>, <c>"Error:"</c>, a URL scheme) tests what the text
/// is, not where it points: neither a guard nor a weak check. And a weak check is reported only on a path
/// (<see cref="IsEvidentlyAPath"/>, or a variable that reaches a file-system sink of the same body): a prefix test on
/// SQL text, a name or the lines a program prints is no containment check. <c>Path.Combine(root, x)</c> with no check
/// at all is no weak check but no check (MCPSEC010, whose message says a rooted <c>x</c> replaces the root).
/// </remarks>
internal static class PathFamily
{
    private static readonly ImmutableHashSet<string> PathParameters = Names(
        "path", "path1", "path2", "path3", "path4", "paths", "sourceFileName", "destFileName", "destinationFileName",
        "destinationBackupFileName", "sourceDirName", "destDirName", "fileName", "sourceArchiveFileName",
        "destinationDirectoryName", "sourceDirectoryName", "destinationArchiveFileName", "archiveFileName", "pathToTarget",
        "inputUri", "uri", "root");

    /// <summary>
    /// A constant that reads as a file-system path: it has a directory separator (and is no URL), starts with home
    /// (<c>~</c>) or a drive (<c>C:</c>). <c>"Error:"</c>, <c>"https://"</c> and <c>"SELECT"</c> are none.
    /// </summary>
    public static bool LooksLikePath(string text)
        => text.IndexOf("://", StringComparison.Ordinal) < 0
           && (text.IndexOf('/') >= 0 || text.IndexOf('\\') >= 0 || text.StartsWith("~", StringComparison.Ordinal)
               || (text.Length >= 2 && text[1] == ':' && char.IsLetter(text[0]) && (text.Length == 2 || text[2] is '/' or '\\')));

    /// <summary>
    /// A prefix test is evidently on a path when the tested value came from <c>Path.GetFullPath</c> or
    /// <c>Path.Combine</c>, the prefix is a constant that reads as a path, or the input is a parameter named as one
    /// (<c>path</c>, <c>file</c>, <c>dir</c>, <c>folder</c> in its name).
    /// </summary>
    public static bool IsEvidentlyAPath(TaintValue subject, IOperation prefix)
    {
        if (subject.Normalized || subject.Combine is not null)
        {
            return true;
        }

        if (OperationExtensions.Unwrap(prefix).ConstantValue is { HasValue: true, Value: string text })
        {
            return LooksLikePath(text);
        }

        return subject.Origin is IParameterSymbol { Name: var name }
               && (Contains(name, "path") || Contains(name, "file") || Contains(name, "dir") || Contains(name, "folder"));

        static bool Contains(string name, string part) => name.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>Path parameters of the library entries: libraries name them path, file, fileName or filePath.</summary>
    private static readonly ImmutableHashSet<string> LibraryPathParameters = Names("path", "file", "fileName", "filename", "filePath", "filepath", "fullPath", "packagePath");

    /// <summary>
    /// Parameter names that mark a file sink of a library the tables do not list (MCPSEC010 at a lower confidence: the
    /// message says it is judged by the parameter's name): a string parameter so named, of a constructor or of a
    /// method whose name opens, reads, writes or deletes, in a referenced assembly outside System and Microsoft.
    /// </summary>
    public static readonly ImmutableHashSet<string> HeuristicPathParameters = Names("path", "filePath", "filepath", "fileName", "filename", "fullPath", "sourcePath", "destinationPath", "inputPath", "outputPath");

    /// <summary>Method name starts that open, read, write or delete a file (for <see cref="HeuristicPathParameters"/>).</summary>
    public static readonly string[] HeuristicFileVerbs = { "Open", "Load", "Save", "Read", "Write", "Create", "Delete", "Export", "Import", "Extract", "Copy", "Move", "Append", "From" };

    /// <summary>
    /// A constructor or a file-verb method (<see cref="HeuristicFileVerbs"/>) of a referenced library outside System,
    /// Microsoft and the MCP SDK: where a parameter named as a path (<see cref="HeuristicPathParameters"/>) is taken
    /// for a file sink.
    /// </summary>
    public static bool IsLibraryFileMethod(IMethodSymbol method)
    {
        if (method.Locations.IsEmpty || !method.Locations[0].IsInMetadata || method.Parameters.IsEmpty)
        {
            return false;
        }

        var root = method.ContainingType?.ContainingNamespace;
        while (root?.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            root = parent;
        }

        if (root is null || root.IsGlobalNamespace || root.Name is "System" or "Microsoft" or "ModelContextProtocol" or "McpAnalyzers" or "Newtonsoft" or "Serilog" or "NLog")
        {
            return false;
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            return true;
        }

        foreach (var verb in HeuristicFileVerbs)
        {
            if (method.Name.StartsWith(verb, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static FamilySpec Spec { get; } = new(
        "paths",
        SinkFamily.Path,
        ImmutableArray.Create(
            new SinkDefinition("System.IO.File", "*", SinkKind.Method, SinkFamily.Path, PathParameters, Names("Exists")),
            new SinkDefinition("System.IO.Directory", "*", SinkKind.Method, SinkFamily.Path, PathParameters, Names("Exists")),
            new SinkDefinition("System.IO.FileInfo", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.DirectoryInfo", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.FileStream", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.StreamReader", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.StreamWriter", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.FileSystemInfo", "MoveTo", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.FileInfo", "CopyTo", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.FileInfo", "MoveTo", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.DirectoryInfo", "MoveTo", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.Compression.ZipFile", "*", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.IO.Compression.ZipFileExtensions", "*", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.Xml.Linq.XDocument", "Load", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.Xml.Linq.XElement", "Load", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("System.Xml.XmlReader", "Create", SinkKind.Method, SinkFamily.Path, PathParameters),
            new SinkDefinition("Microsoft.Extensions.FileProviders.PhysicalFileProvider", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),

            // libraries that open a file by path: documents, spreadsheets, images, archives
            new SinkDefinition("UglyToad.PdfPig.PdfDocument", "Open", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("DocumentFormat.OpenXml.Packaging.SpreadsheetDocument", "*", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("DocumentFormat.OpenXml.Packaging.WordprocessingDocument", "*", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("DocumentFormat.OpenXml.Packaging.PresentationDocument", "*", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("ClosedXML.Excel.XLWorkbook", ".ctor", SinkKind.Constructor, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("ClosedXML.Excel.XLWorkbook", "SaveAs", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("OfficeOpenXml.ExcelPackage", ".ctor", SinkKind.Constructor, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("NPOI.XSSF.UserModel.XSSFWorkbook", ".ctor", SinkKind.Constructor, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("NPOI.SS.UserModel.WorkbookFactory", "Create", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("SixLabors.ImageSharp.Image", "*", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("SkiaSharp.SKBitmap", "Decode", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("SharpCompress.Archives.ArchiveFactory", "Open", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("SharpCompress.Archives.Zip.ZipArchive", "Open", SinkKind.Method, SinkFamily.Path, LibraryPathParameters),
            new SinkDefinition("ICSharpCode.SharpZipLib.Zip.ZipFile", ".ctor", SinkKind.Constructor, SinkFamily.Path, LibraryPathParameters)),
        ImmutableArray.Create(
            new SanitizerDefinition("McpAnalyzers.Runtime.PathGuard", "Resolve", SinkFamily.Path),
            new SanitizerDefinition("McpAnalyzers.Runtime.PathGuard", "TryResolve", SinkFamily.Path),
            new SanitizerDefinition("System.IO.Path", "GetFileName", SinkFamily.Path),
            new SanitizerDefinition("System.IO.Path", "GetFileNameWithoutExtension", SinkFamily.Path),
            new SanitizerDefinition("System.IO.Path", "GetExtension", SinkFamily.Path),
            new SanitizerDefinition("System.Uri", "EscapeDataString", SinkFamily.Path),
            new SanitizerDefinition("System.Net.WebUtility", "UrlEncode", SinkFamily.Path),
            new SanitizerDefinition("System.Web.HttpUtility", "UrlEncode", SinkFamily.Path)),
        ImmutableArray.Create(
            new GuardDefinition("System.IO.Path", "GetFullPath", GuardRole.Normalizes, SinkFamily.Path),
            new GuardDefinition("System.IO.Path", "GetRelativePath", GuardRole.RelativePath, SinkFamily.Path),
            new GuardDefinition("System.IO.Path", "Combine", GuardRole.RootReplacingJoin, SinkFamily.Path),
            new GuardDefinition("System.String", "StartsWith", GuardRole.PrefixTest, SinkFamily.Path),
            new GuardDefinition("McpAnalyzers.Runtime.PathGuard", "IsInside", GuardRole.ProvesWhenTrue, SinkFamily.Path, argument: 1)));

    /// <summary>
    /// What a prefix test that does not prove containment is reported as: the first requirement it misses, in the order
    /// normalised, trailing separator, ordinal comparison. Null when it meets all three (then it is a guard).
    /// </summary>
    public static WeakCheckKind? PrefixTestWeakness(bool normalized, bool trailingSeparator, bool ordinal)
        => !normalized ? WeakCheckKind.NotNormalized
            : !trailingSeparator ? WeakCheckKind.NoTrailingSeparator
            : !ordinal ? WeakCheckKind.CultureSensitive
            : null;

    /// <summary>True when a prefix ends with a directory separator: a literal '/' or '\', or Path.DirectorySeparatorChar.</summary>
    public static bool EndsWithSeparator(IOperation prefix, Compilation compilation, int depth = 0)
    {
        if (depth > 6)
        {
            return false;
        }

        prefix = OperationExtensions.Unwrap(prefix);
        if (prefix.ConstantValue.Value is string text)
        {
            return text.EndsWith("/", StringComparison.Ordinal) || text.EndsWith("\\", StringComparison.Ordinal);
        }

        if (prefix.ConstantValue.Value is char c)
        {
            return c is '/' or '\\';
        }

        switch (prefix)
        {
            case IFieldReferenceOperation { Field: { Name: "DirectorySeparatorChar" or "AltDirectorySeparatorChar" } field }
                when field.ContainingType is { } type && IsSystemIOPath(type):
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                return EndsWithSeparator(add.RightOperand, compilation, depth + 1);
            case IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0:
            {
                var last = interpolated.Parts[interpolated.Parts.Length - 1];
                return last is IInterpolatedStringTextOperation text2 ? EndsWithSeparator(text2.Text, compilation, depth + 1)
                    : last is IInterpolationOperation hole && EndsWithSeparator(hole.Expression, compilation, depth + 1);
            }

            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance }:
                return EndsWithSeparator(instance, compilation, depth + 1);
            case IInvocationOperation { TargetMethod.Name: "Concat" } concat when concat.Arguments.Length > 0:
                return EndsWithSeparator(concat.Arguments[concat.Arguments.Length - 1].Value, compilation, depth + 1);
            case IInvocationOperation { TargetMethod: { Name: "Join" or "Combine" } join } when join.ContainingType is { } pathType && IsSystemIOPath(pathType) && join.Parameters.Length > 0:
                return false;
            case ILocalReferenceOperation local when OperationExtensions.DeclaredValue(local.Local, compilation) is { } value:
                return EndsWithSeparator(value, compilation, depth + 1);
            case IFieldReferenceOperation { Field: { IsReadOnly: true } readOnlyField } when OperationExtensions.DeclaredValue(readOnlyField, compilation) is { } initializer:
                return EndsWithSeparator(initializer, compilation, depth + 1);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property when OperationExtensions.DeclaredValue(property.Property, compilation) is { } returned:
                return EndsWithSeparator(returned, compilation, depth + 1);
            case IFlowCaptureReferenceOperation:
                return false;
        }

        return false;
    }

    private static bool IsSystemIOPath(INamedTypeSymbol type)
        => type.Name == "Path" && type.ContainingNamespace?.ToDisplayString() == "System.IO";
}
