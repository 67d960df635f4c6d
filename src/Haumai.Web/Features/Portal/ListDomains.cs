using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>The claimed email domains with their organizations, by domain.</summary>
public static class ListDomains
{
    public sealed record Row(int Id, string Domain, int OrganizationId, string OrganizationName, DateTime CreatedAt);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(CancellationToken ct)
        {
            var rows = await db.Set<OrganizationDomain>().AsNoTracking()
                .Join(db.Organizations, d => d.OrganizationId, o => o.Id, (d, o) => new { d.Id, d.Domain, d.OrganizationId, o.Name, d.CreatedAt })
                .OrderBy(x => x.Domain)
                .ToListAsync(ct);
            return rows.Select(x => new Row(x.Id, x.Domain, x.OrganizationId, x.Name, x.CreatedAt)).ToList();
        }
    }
}
