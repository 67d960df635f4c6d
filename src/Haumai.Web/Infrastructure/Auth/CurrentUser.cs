using System.Globalization;
using System.Security.Claims;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Infrastructure.Auth;

public static class HaumaiClaims
{
    public const string OrganizationId = "haumai:org";
    public const string OrgAdmin = "haumai:org_admin";
    public const string TokenId = "haumai:token";
    public const string Language = "haumai:lang";
    public const string TimeZone = "haumai:tz";

    public static List<Claim> For(User user) =>
    [
        new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, user.Name),
        new(ClaimTypes.Email, user.Email),
        new(ClaimTypes.Role, user.Role.ToString()),
        new(Language, user.Language),
        new(TimeZone, user.TimeZone),
        .. user.OrganizationId is { } org ? [new Claim(OrganizationId, org.ToString(CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
        .. user.IsOrgAdmin ? [new Claim(OrgAdmin, "true")] : Array.Empty<Claim>(),
    ];
}

/// <summary>
/// Who is making this request, read from the signed-in principal, plus the teams of an agent
/// (loaded once per request, when first needed). Every permission check starts here.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, HaumaiDb db)
{
    private IReadOnlyList<int>? _teamIds;

    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public int Id => int.Parse(Principal.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("No signed-in user."), CultureInfo.InvariantCulture);

    public string Name => Principal.FindFirstValue(ClaimTypes.Name) ?? "";

    public string Email => Principal.FindFirstValue(ClaimTypes.Email) ?? "";

    public Role Role => Enum.Parse<Role>(Principal.FindFirstValue(ClaimTypes.Role) ?? nameof(Role.Customer));

    public bool IsAdmin => Role == Role.Admin;

    /// <summary>"vi" or "en", as stored on the user (cookie sign-in only; tokens carry none).</summary>
    public string? Language => Principal.FindFirstValue(HaumaiClaims.Language);

    /// <summary>The user's IANA time zone (cookie sign-in only).</summary>
    public string? TimeZone => Principal.FindFirstValue(HaumaiClaims.TimeZone);

    public bool IsStaff => Role is Role.Agent or Role.Admin;

    public int? OrganizationId => Principal.FindFirstValue(HaumaiClaims.OrganizationId) is { } v
        ? int.Parse(v, CultureInfo.InvariantCulture)
        : null;

    public bool IsOrgAdmin => Principal.HasClaim(HaumaiClaims.OrgAdmin, "true");

    public async Task<IReadOnlyList<int>> TeamIdsAsync(CancellationToken ct = default)
    {
        if (_teamIds is null)
        {
            var id = Id;
            _teamIds = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == id).Select(m => m.TeamId).ToListAsync(ct);
        }
        return _teamIds;
    }
}
