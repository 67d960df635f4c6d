using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C2: hands waiting chats, oldest first, to the least-loaded online agent of their team who is
/// under their own limit of chats at once. Run when a chat starts and when an agent becomes free
/// (goes online, ends or hands over a chat). Each chat is claimed by a conditional UPDATE, so two
/// nodes routing at once cannot give one chat to two agents.
/// </summary>
public sealed class RouteChats(HaumaiDb db, ChatAvailability availability, ChatNotifier notifier, TimeProvider clock)
{
    public async Task<int> RouteTeamAsync(int teamId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var routed = 0;
        while (true)
        {
            var waiting = await db.Set<ChatConversation>().AsNoTracking()
                .Where(c => c.TeamId == teamId && c.State == ChatState.Waiting)
                // A chat nobody has written in yet is a widget opened, not a customer waiting.
                .Where(c => db.Set<ChatMessage>().Any(m => m.ConversationId == c.Id && m.Sender == ChatSender.Visitor))
                .OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
            if (waiting is not { } conversationId)
            {
                return routed;
            }
            var candidates = await availability.OnlineAgentsQuery(teamId, now)
                .Select(a => new
                {
                    a.UserId,
                    a.MaxChats,
                    Load = db.Set<ChatConversation>().Count(c => c.AssigneeId == a.UserId && c.State == ChatState.Active),
                })
                .ToListAsync(ct);
            var agent = candidates.Where(a => a.Load < a.MaxChats).OrderBy(a => a.Load).ThenBy(a => a.UserId).FirstOrDefault();
            if (agent is null)
            {
                return routed;
            }
            var claimed = await db.Set<ChatConversation>()
                .Where(c => c.Id == conversationId && c.State == ChatState.Waiting && c.AssigneeId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, ChatState.Active).SetProperty(c => c.AssigneeId, agent.UserId)
                    .SetProperty(c => c.AcceptedAt, now).SetProperty(c => c.LastActivityAt, now), ct);
            if (claimed == 0)
            {
                continue; // someone else took it meanwhile
            }
            routed++;
            await ChatEvents.AgentJoinedAsync(db, notifier, conversationId, agent.UserId, now, ct);
            await notifier.ToAgentAsync(agent.UserId, "chatAssigned", new { conversationId });
            await notifier.QueueChangedAsync(teamId, conversationId);
        }
    }
}
