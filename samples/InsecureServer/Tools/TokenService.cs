using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InsecureServer.Tools;

/// <summary>Hand-rolled token handling as found in exposed servers.</summary>
public static class TokenService
{
    public static string Issue(string user, SecurityKey key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity(new[] { new Claim("sub", user) }),
        // MCPSEC050: a year-long token; a leaked one works for a year.
        Expires = DateTime.UtcNow.AddYears(1),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    public static TokenValidationParameters Validation(SecurityKey key) => new()
    {
        IssuerSigningKey = key,
        ValidateIssuer = false,
        // MCPSEC051: tokens issued for any other service are accepted.
        ValidateAudience = false,
    };
}
