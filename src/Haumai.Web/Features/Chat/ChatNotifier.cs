using System.Globalization;
using Microsoft.AspNetCore.SignalR;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// Pushes chat events to both hubs' groups. Carries what the other side shows (a message, a typing
/// flag, a state), never anything it could not already read. With one node, the hubs' groups are
/// all there is; with several, each event must also reach the other nodes (docs/adr/005).
/// </summary>
public sealed class ChatNotifier(IHubContext<ChatHub> visitors, IHubContext<ChatAgentHub> agents)
{
    public static string ConversationGroup(long id) => "conv:" + id.ToString(CultureInfo.InvariantCulture);

    public static string TeamGroup(int teamId) => "team:" + teamId.ToString(CultureInfo.InvariantCulture);

    public static string AgentGroup(int userId) => "agent:" + userId.ToString(CultureInfo.InvariantCulture);

    public const string AdminsGroup = "admins";

    /// <summary>To the visitor's widget(s) and the consoles that have this chat open.</summary>
    public async Task ToConversationAsync(long conversationId, string method, object payload)
    {
        var group = ConversationGroup(conversationId);
        await visitors.Clients.Group(group).SendAsync(method, payload);
        await agents.Clients.Group(group).SendAsync(method, payload);
    }

    public Task ToVisitorAsync(long conversationId, string method, object payload) =>
        visitors.Clients.Group(ConversationGroup(conversationId)).SendAsync(method, payload);

    public Task ToAgentsOfConversationAsync(long conversationId, string method, object payload) =>
        agents.Clients.Group(ConversationGroup(conversationId)).SendAsync(method, payload);

    /// <summary>A team's consoles refresh their lists: a chat waits, was taken, moved or ended.</summary>
    public Task QueueChangedAsync(int teamId, long conversationId) =>
        agents.Clients.Groups(TeamGroup(teamId), AdminsGroup).SendAsync("chatsChanged", new { teamId, conversationId });

    public Task ToAgentAsync(int userId, string method, object payload) =>
        agents.Clients.Group(AgentGroup(userId)).SendAsync(method, payload);
}
