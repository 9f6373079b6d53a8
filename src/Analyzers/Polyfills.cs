// Language features the netstandard2.0 reference assemblies lack.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
