using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal;

/// <summary>T9 "my tickets": the customer's tickets, or the organization's for an org admin.</summary>
public sealed class IndexModel(ListMyTickets.Handler list, CurrentUser me, IStringLocalizer<PortalText> text) : PortalPageModel(text)
{
    /// <summary>open, solved or all (the default: a solved ticket stays easy to find).</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    /// <summary>The id the page starts below, for older tickets.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public ListMyTickets.Show Filter { get; private set; }
    public ListMyTickets.Result Tickets { get; private set; } = new([], null, false);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsStaff)
        {
            // Staff work in the workspace; the portal is the customers' view.
            return LocalRedirect("/agent");
        }
        Filter = Show switch
        {
            "open" => ListMyTickets.Show.Open,
            "solved" => ListMyTickets.Show.Solved,
            _ => ListMyTickets.Show.All,
        };
        Tickets = await list.HandleAsync(Filter, Before, ct);
        return Page();
    }

    public static string FilterName(ListMyTickets.Show show) => show.ToString().ToLowerInvariant();
}
