using System.Security.Claims;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpAnalyzers.AspNetCore;

/// <summary>Mints and validates the scheme's tokens: HS256 JWTs with a key version, issuer, audience and capped lifetime.</summary>
public static class McpTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// A signed token for <paramref name="subject"/>, valid for <paramref name="lifetime"/>, signed with the
    /// current key version.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds the configured maximum.</exception>
    /// <exception cref="InvalidOperationException">The options name no usable current key or audience.</exception>
    public static string Mint(McpBearerOptions options, string subject, TimeSpan lifetime, TimeProvider? time = null, IEnumerable<Claim>? claims = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        Validate(options);
        if (lifetime <= TimeSpan.Zero || lifetime > options.MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime,
                $"A token lifetime must be positive and at most {options.MaxLifetime.TotalDays:0.##} days (checklist step 6: tokens expire and rotate).");
        }

        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var identity = new ClaimsIdentity(claims);
        identity.AddClaim(new Claim(JwtRegisteredClaimNames.Sub, subject));
        identity.AddClaim(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key(options, options.CurrentKeyVersion!), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Validates a token against every configured key version, the issuer, the audience and the lifetime cap.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(McpBearerOptions options, string token, TimeProvider? time = null)
    {
        Validate(options);
        var clock = time ?? TimeProvider.System;
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IssuerSigningKeys = options.SigningKeys.Keys.Select(version => (SecurityKey)Key(options, version)).ToList(),
            ClockSkew = options.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } end && notBefore is { } start
                       && end - start <= options.MaxLifetime
                       && now + p.ClockSkew >= start
                       && now - p.ClockSkew < end;
            },
        };

        var result = await Handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        return result;
    }

    internal static void Validate(McpBearerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            throw new InvalidOperationException($"Set {McpBearerDefaults.ConfigurationSection}:Audience to this server's URL: tokens must be bound to the server they are for.");
        }

        if (options.SigningKeys.Count == 0)
        {
            throw new InvalidOperationException($"Set {McpBearerDefaults.ConfigurationSection}:SigningKeys (version -> base64 key of 32+ bytes) from user-secrets, the environment or a vault.");
        }

        if (string.IsNullOrWhiteSpace(options.CurrentKeyVersion) || !options.SigningKeys.ContainsKey(options.CurrentKeyVersion))
        {
            throw new InvalidOperationException($"Set {McpBearerDefaults.ConfigurationSection}:CurrentKeyVersion to one of the configured key versions ({string.Join(", ", options.SigningKeys.Keys)}).");
        }

        if (options.MaxLifetime > TimeSpan.FromDays(McpBearerDefaults.MaxLifetimeDays))
        {
            throw new InvalidOperationException($"{McpBearerDefaults.ConfigurationSection}:MaxLifetime may be at most {McpBearerDefaults.MaxLifetimeDays} days.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > McpBearerDefaults.MaxClockSkew)
        {
            throw new InvalidOperationException(
                $"{McpBearerDefaults.ConfigurationSection}:ClockSkew is {options.ClockSkew}; it must be between 0 and {McpBearerDefaults.MaxClockSkew.TotalMinutes:0} minutes (a larger skew accepts expired tokens). Fix the clocks instead: synchronise them with NTP.");
        }

        foreach (var version in options.SigningKeys.Keys)
        {
            _ = Key(options, version); // every version, retired ones too: a bad key must stop the server now, not fail requests later
        }
    }

    private static SymmetricSecurityKey Key(McpBearerOptions options, string version)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(options.SigningKeys[version]);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{McpBearerDefaults.ConfigurationSection}:SigningKeys:{version} is not base64. Generate one with: openssl rand -base64 32");
        }

        if (bytes.Length < 32)
        {
            throw new InvalidOperationException($"{McpBearerDefaults.ConfigurationSection}:SigningKeys:{version} has {bytes.Length} bytes; HS256 keys need at least 32. Generate one with: openssl rand -base64 32");
        }

        return new SymmetricSecurityKey(bytes) { KeyId = version };
    }

    internal static string Describe(Exception? exception) => exception switch
    {
        null => "invalid token",
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenInvalidAudienceException => "the token is for another audience",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature does not match any configured key",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is invalid or longer than allowed",
        _ => "invalid token",
    };

}
