using System.Security.Claims;
using System.Text.Encodings.Web;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Infrastructure.Auth;

/// <summary>
/// <c>Authorization: Bearer hmi_…</c>: looks the token up by the hash of its secret. A revoked
/// token, or one whose user was deactivated, fails at once: there is no cache to outlive it.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HaumaiDb db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return AuthenticateResult.Fail("Malformed API token.");
        }
        var hash = ApiToken.HashSecret(secret);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Select(t => new { t.Id, t.LastUsedAt, t.User })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found?.User is not { IsActive: true } user)
        {
            return AuthenticateResult.Fail("Unknown or revoked API token.");
        }
        var claims = HaumaiClaims.For(user);
        claims.Add(new Claim(HaumaiClaims.TokenId, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        // "Last used" is for people deciding which tokens to revoke: minute-level accuracy is
        // plenty, and one write every few minutes keeps the API's hot path read-only.
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
