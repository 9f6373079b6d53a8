using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>
/// The client address of the HTTP request a message came in, on ASP.NET Core, through its
/// <c>IHttpContextAccessor</c>: <c>HttpContext.Connection.RemoteIpAddress</c>, which ASP.NET Core's forwarded-headers
/// middleware rewrites from X-Forwarded-For only when the app configures it (<c>UseForwardedHeaders</c> with its
/// known proxies). This package does not reference ASP.NET Core (stdio servers must not need it), so the accessor is
/// found by name; without ASP.NET Core there is no address.
/// </summary>
internal static class HttpClientAddress
{
    private static readonly Type? AccessorType = Type.GetType("Microsoft.AspNetCore.Http.IHttpContextAccessor, Microsoft.AspNetCore.Http.Abstractions", throwOnError: false);
    private static readonly Type? AccessorImplementation = Type.GetType("Microsoft.AspNetCore.Http.HttpContextAccessor, Microsoft.AspNetCore.Http", throwOnError: false);
    private static readonly PropertyInfo? HttpContextProperty = AccessorType?.GetProperty("HttpContext");

    /// <summary>Registers ASP.NET Core's accessor when the app runs on ASP.NET Core (what <c>AddHttpContextAccessor()</c> does).</summary>
    public static void Register(IServiceCollection services)
    {
        if (AccessorType is not null && AccessorImplementation is not null)
        {
            services.TryAddSingleton(AccessorType, AccessorImplementation);
        }
    }

    /// <summary>
    /// The caller's address as a partition: an IPv4 address, or the /64 network of an IPv6 address (one host holds a
    /// whole /64 and can change addresses in it at will); null outside an HTTP request.
    /// </summary>
    public static string? Of(IServiceProvider? services)
    {
        if (HttpContextProperty is null || AccessorType is null || services?.GetService(AccessorType) is not { } accessor
            || HttpContextProperty.GetValue(accessor) is not { } httpContext)
        {
            return null;
        }

        var connection = httpContext.GetType().GetProperty("Connection")?.GetValue(httpContext);
        if (connection?.GetType().GetProperty("RemoteIpAddress")?.GetValue(connection) is not IPAddress address)
        {
            return null;
        }

        return Partition(address);
    }

    internal static string Partition(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
