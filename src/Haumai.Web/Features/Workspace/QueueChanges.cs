using System.Text.Json;
using Haumai.Web.Features.Tickets;
using Microsoft.AspNetCore.SignalR;

namespace Haumai.Web.Features.Workspace;

/// <summary>What happened to a ticket, as the live queue is told: the wire names of <see cref="QueueChange.Kind"/>.</summary>
public static class QueueChangeKind
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Message = "message";
}

/// <summary>The push an agent's queue receives: which ticket, its team now, and what happened.</summary>
public sealed record QueueChange(long TicketId, int? TeamId, string Kind);

/// <summary>
/// Tells the agents' open queues that a ticket was created or changed. The ticket handlers call it
/// once, right after they saved; it never throws and never waits for the push (a queue that
/// misses a push catches up at its next one or its next load), so a ticket is never lost or
/// slowed down because a browser is slow or the hub is unwell.
/// </summary>
public interface IQueueNotifier
{
    void Changed(Ticket ticket, string kind);
}

/// <summary>
/// Pushes <see cref="QueueChange"/>s to the <see cref="QueueHub"/> groups that may show the
/// ticket: its team's agents, its assignee, and the admins. A ticket that just left a team or an
/// assignee is also pushed to them, so that it leaves their queue: those moves are among the events
/// this request added to the ticket. A group pushed to in excess only refreshes a queue that shows
/// the same rows as before.
/// </summary>
public sealed class QueueChanges(IHubContext<QueueHub> hub, ILogger<QueueChanges> logger) : IQueueNotifier
{
    public void Changed(Ticket ticket, string kind)
    {
        try
        {
            var change = new QueueChange(ticket.Id, ticket.TeamId, kind);
            _ = PushAsync(Groups(ticket), change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not tell the live queues about ticket {TicketId}", ticket.Id);
        }
    }

    /// <summary>The hub groups a change of this ticket goes to.</summary>
    public static IReadOnlyList<string> Groups(Ticket ticket)
    {
        var teams = new HashSet<int>();
        var users = new HashSet<int>();
        if (ticket.TeamId is { } team)
        {
            teams.Add(team);
        }
        if (ticket.AssigneeId is { } assignee)
        {
            users.Add(assignee);
        }
        // The ticket's events in memory are the ones this request added (handlers load none),
        // so a move away from a team or an assignee is found here.
        foreach (var e in ticket.Events)
        {
            var into = e.Type switch
            {
                TicketEventType.TeamChanged => teams,
                TicketEventType.Assigned => users,
                _ => null,
            };
            if (into is not null && From(e.Data) is { } from)
            {
                into.Add(from);
            }
        }
        return
        [
            QueueHub.AllGroup,
            .. teams.Order().Select(QueueHub.TeamGroup),
            .. users.Order().Select(QueueHub.UserGroup),
        ];
    }

    private async Task PushAsync(IReadOnlyList<string> groups, QueueChange change)
    {
        try
        {
            await hub.Clients.Groups(groups).SendAsync(QueueHub.ChangedMethod, change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not push the change of ticket {TicketId} to the live queues", change.TicketId);
        }
    }

    /// <summary>The "from" id of a team or assignee change (<c>{"from":3,"to":5}</c>), if there was one.</summary>
    private static int? From(string? data)
    {
        if (data is null)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Number && from.TryGetInt32(out var id)
                ? id
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
