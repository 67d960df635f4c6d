using System.Globalization;
using System.Security.Claims;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Workspace;

/// <summary>
/// The live queue (<c>/hubs/queue</c>): agents' open queue pages listen here for
/// <see cref="QueueChange"/>s. Nothing is sent by the browsers; the hub only sorts connections
/// into groups on connect, after the same rule as <c>TicketAccess</c>: an agent hears about their
/// teams' tickets and the tickets assigned to them, an admin about all. Team membership is read
/// when the page connects; a page opened before a change of teams follows it at its next load.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class QueueHub(HaumaiDb db) : Hub
{
    public const string Path = "/hubs/queue";

    /// <summary>The client method a change arrives at.</summary>
    public const string ChangedMethod = "queueChanged";

    public const string AllGroup = "all";

    public static string TeamGroup(int teamId) => "team:" + teamId.ToString(CultureInfo.InvariantCulture);

    public static string UserGroup(int userId) => "user:" + userId.ToString(CultureInfo.InvariantCulture);

    public override async Task OnConnectedAsync()
    {
        var principal = Context.User ?? new ClaimsPrincipal();
        // The hub has no CurrentUser (no request scope of its own): the claims say who connected.
        if (!int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            Context.Abort();
            return;
        }
        var ct = Context.ConnectionAborted;
        if (principal.IsInRole(nameof(Role.Admin)))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllGroup, ct);
        }
        else
        {
            var teams = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(ct);
            foreach (var team in teams)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, TeamGroup(team), ct);
            }
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId), ct);
        }
        await base.OnConnectedAsync();
    }
}
