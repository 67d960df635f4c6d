using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin;

/// <summary>The admin overview: one card per section, with the figures an admin checks first.</summary>
public sealed class IndexModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public int Users { get; private set; }
    public int Staff { get; private set; }
    public int Customers { get; private set; }
    public int Inactive { get; private set; }
    public int Teams { get; private set; }
    public int TeamsWithoutMembers { get; private set; }
    public int Organizations { get; private set; }
    public int PaidOrganizations { get; private set; }
    public int Categories { get; private set; }
    public int ActiveCategories { get; private set; }
    public int CannedResponses { get; private set; }
    public int LiveTokens { get; private set; }
    public int Mailboxes { get; private set; }
    public int MailboxesFailing { get; private set; }
    public int Parked { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A dozen COUNTs over indexed or small tables: cheap enough to run on every visit.
        var byRole = await db.Users.AsNoTracking().GroupBy(u => new { u.Role, u.IsActive })
            .Select(g => new { g.Key.Role, g.Key.IsActive, Count = g.Count() }).ToListAsync(ct);
        Users = byRole.Sum(r => r.Count);
        Staff = byRole.Where(r => r.Role != Role.Customer && r.IsActive).Sum(r => r.Count);
        Customers = byRole.Where(r => r.Role == Role.Customer && r.IsActive).Sum(r => r.Count);
        Inactive = byRole.Where(r => !r.IsActive).Sum(r => r.Count);
        Teams = await db.Teams.CountAsync(ct);
        TeamsWithoutMembers = await db.Teams.CountAsync(t => !db.TeamMembers.Any(m => m.TeamId == t.Id), ct);
        Organizations = await db.Organizations.CountAsync(ct);
        PaidOrganizations = await db.Organizations.CountAsync(o => o.Plan == Plan.Paid, ct);
        Categories = await db.Categories.CountAsync(ct);
        ActiveCategories = await db.Categories.CountAsync(c => c.IsActive, ct);
        CannedResponses = await db.CannedResponses.CountAsync(ct);
        LiveTokens = await db.ApiTokens.CountAsync(t => t.RevokedAt == null, ct);
        Mailboxes = await db.Set<Mailbox>().CountAsync(ct);
        MailboxesFailing = await db.Set<Mailbox>().CountAsync(m => m.IsActive && m.LastError != null, ct);
        Parked = await db.Set<InboundMessage>().CountAsync(m => m.State == InboundState.Parked, ct);
    }
}
