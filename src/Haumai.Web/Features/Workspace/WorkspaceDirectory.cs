using System.Text.Json;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Workspace;

/// <summary>An id and the name people know it by: a team or an agent in a list to choose from.</summary>
public sealed record NamedRef(int Id, string Name);

/// <summary>
/// The teams and the agents the workspace offers in its lists (filters, bulk assign, the ticket's
/// side panel), each read at most once per request. Both are small tables in a helpdesk: tens of
/// teams and agents, not thousands.
/// </summary>
public sealed class WorkspaceDirectory(HaumaiDb db)
{
    private IReadOnlyList<NamedRef>? _teams;
    private IReadOnlyList<NamedRef>? _staff;

    public async Task<IReadOnlyList<NamedRef>> TeamsAsync(CancellationToken ct)
    {
        _teams ??= await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new NamedRef(t.Id, t.Name)).ToListAsync(ct);
        return _teams;
    }

    /// <summary>Active agents and admins: the people tickets can be assigned to.</summary>
    public async Task<IReadOnlyList<NamedRef>> StaffAsync(CancellationToken ct)
    {
        _staff ??= await db.Users.AsNoTracking().Where(u => u.IsActive && u.Role != Role.Customer)
            .OrderBy(u => u.Name).Select(u => new NamedRef(u.Id, u.Name)).ToListAsync(ct);
        return _staff;
    }

    /// <summary>The active staff members of a team, the only people a ticket of that team can go to.</summary>
    public async Task<IReadOnlyList<NamedRef>> MembersAsync(int teamId, CancellationToken ct) =>
        await (from m in db.TeamMembers.AsNoTracking()
               join u in db.Users on m.UserId equals u.Id
               where m.TeamId == teamId && u.IsActive && u.Role != Role.Customer
               orderby u.Name
               select new NamedRef(u.Id, u.Name)).ToListAsync(ct);

    /// <summary>The name the API and the URLs use for an enum value: <c>on_hold</c> for <c>OnHold</c>.</summary>
    public static string WireName<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
