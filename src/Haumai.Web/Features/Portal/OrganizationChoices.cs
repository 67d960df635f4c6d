using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>The organizations an admin picks from when inviting someone or claiming a domain.</summary>
public static class OrganizationChoices
{
    public sealed record Choice(int Id, string Name, string Slug);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<IReadOnlyList<Choice>> HandleAsync(CancellationToken ct) =>
            await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ThenBy(o => o.Slug)
                .Select(o => new Choice(o.Id, o.Name, o.Slug)).ToListAsync(ct);
    }
}
