using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Inbound;

/// <summary>
/// E1: what came in by mail, by state, parked first: those are the messages nobody will see unless an
/// admin looks here. A parked message can be retried once its cause is fixed.
/// </summary>
public sealed class IndexModel(ListInboundMessages.Handler list, IngestMail.Handler ingest, HaumaiDb db, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "state")] public string? StateFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = Pager.Key)] public int PageNumber { get; set; } = 1;

    public InboundState State { get; private set; } = InboundState.Parked;
    public IReadOnlyDictionary<InboundState, int> Counts { get; private set; } = new Dictionary<InboundState, int>();
    public IReadOnlyList<ListInboundMessages.Item> Items { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Subjects { get; private set; } = new Dictionary<long, string>();
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // An unknown state (a hand-edited URL) shows the parked ones rather than an error.
        State = Enums.TryParse<InboundState>(StateFilter, out var s) ? s : InboundState.Parked;
        Counts = await list.CountsAsync(ct);
        var page = await list.PageAsync(State, PageNumber, PageSize, ct);
        Items = page.Items;
        Subjects = await list.SubjectsAsync(Items.Select(i => i.Id).ToList(), ct);
        Pager = new Pager(page.PageNumber, page.Pages, "/admin/inbound", new Dictionary<string, string?> { ["state"] = InboundText.Value(State) });
    }

    /// <summary>
    /// Processes a parked message again and says what came of it; back where the admin was (this
    /// list's tab and page, or the message's own page, which posts here too).
    /// </summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, string? returnUrl, CancellationToken ct)
    {
        if (!await db.Set<InboundMessage>().AnyAsync(m => m.Id == id, ct))
        {
            return NotFound();
        }
        var (done, message) = InboundText.Retried(await ingest.ProcessAsync(id, ct), T);
        if (done)
        {
            Flash(message);
        }
        else
        {
            Warn(message);
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin/inbound");
    }
}
