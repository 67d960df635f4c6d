using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Mailboxes;

/// <summary>The IMAP mailboxes Haumai reads, with when each was last read and what went wrong (E1).</summary>
public sealed class IndexModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public IReadOnlyList<Mailbox> Mailboxes { get; private set; } = [];
    public IReadOnlyDictionary<int, string> TeamNames { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A handful of rows: admins configure a mailbox per team at most.
        Mailboxes = await db.Set<Mailbox>().AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        TeamNames = (await TeamChoice.LoadAsync(db, ct)).ToDictionary(t => t.Id, t => t.Name);
    }
}
