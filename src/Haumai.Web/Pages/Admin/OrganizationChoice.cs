using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Pages.Admin;

/// <summary>The organizations a customer can be put in, for the user forms' suggestion list (_OrganizationOptions).</summary>
public sealed record OrganizationChoice(string Slug, string Name)
{
    /// <summary>A datalist beyond this many entries helps nobody; the slug can always be typed.</summary>
    public const int Max = 1000;

    public static async Task<IReadOnlyList<OrganizationChoice>> LoadAsync(HaumaiDb db, CancellationToken ct) =>
        await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Take(Max)
            .Select(o => new OrganizationChoice(o.Slug, o.Name)).ToListAsync(ct);
}
