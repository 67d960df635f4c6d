using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C2: how many chats wait for someone an agent could take, for the badge of the header's chat
/// link on every staff page (the console keeps it live). The same chats as the console's waiting
/// list: of the agent's teams (admins: all), with at least one visitor message.
/// </summary>
public static class WaitingChats
{
    public static Task<int> CountAsync(HaumaiDb db, int userId, bool isAdmin, CancellationToken ct) =>
        db.Set<ChatConversation>().AsNoTracking()
            .Where(c => c.State == ChatState.Waiting
                && (isAdmin || c.AssigneeId == userId || db.TeamMembers.Any(m => m.UserId == userId && m.TeamId == c.TeamId)))
            // A chat nobody has written in yet is a widget opened, not a customer waiting.
            .Where(c => db.Set<ChatMessage>().Any(m => m.ConversationId == c.Id && m.Sender == ChatSender.Visitor))
            .CountAsync(ct);
}
