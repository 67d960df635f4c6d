using System.Globalization;
using System.Security.Claims;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C2: the agents' console hub, <c>/hubs/chat-agent</c>, staff only. An agent hears about their
/// teams' chats (admins: all) and may open, take and write in those, and in chats assigned to them;
/// <see cref="AgentChat"/> checks that on every call, from the database, not from what the
/// connection joined.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ChatAgentHub(HaumaiDb db, AgentChat chat) : Hub
{
    public const string Path = "/hubs/chat-agent";

    public override async Task OnConnectedAsync()
    {
        var (userId, isAdmin) = Who();
        var ct = Context.ConnectionAborted;
        if (isAdmin)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatNotifier.AdminsGroup, ct);
        }
        foreach (var team in await db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(ct))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatNotifier.TeamGroup(team), ct);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatNotifier.AgentGroup(userId), ct);
        await chat.ConnectedAsync(userId, ct);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (TryWho() is { } who)
        {
            await chat.DisconnectedAsync(who.UserId, CancellationToken.None);
        }
        await base.OnDisconnectedAsync(exception);
    }

    public Task<AgentChat.ConsoleView> Console() => Run(() => chat.ConsoleAsync(Who().UserId, Who().IsAdmin, Context.ConnectionAborted));

    public Task<AgentChat.ConsoleView> SetPresence(string presence, int? maxChats) =>
        Run(() => chat.SetPresenceAsync(Who().UserId, Who().IsAdmin, presence, maxChats, Context.ConnectionAborted));

    /// <summary>Opens a chat in the console: its messages and the customer's context; live events follow.</summary>
    public Task<AgentChat.ChatView> Open(long conversationId) => Run(async () =>
    {
        var view = await chat.OpenAsync(Who().UserId, Who().IsAdmin, conversationId, Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatNotifier.ConversationGroup(conversationId), Context.ConnectionAborted);
        return view;
    });

    public Task Close(long conversationId) => Run(async () =>
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatNotifier.ConversationGroup(conversationId), Context.ConnectionAborted);
        return true;
    });

    public Task Accept(long conversationId) => Run(async () =>
    {
        await chat.AcceptAsync(Who().UserId, Who().IsAdmin, conversationId, Context.ConnectionAborted);
        return true;
    });

    public Task<VisitorChat.Sent> Send(long conversationId, string? clientId, string? text) =>
        Run(() => chat.SendAsync(Who().UserId, Who().IsAdmin, conversationId, clientId, text, Context.ConnectionAborted,
            Context.User?.FindFirstValue(ClaimTypes.Name)));

    public Task Typing(long conversationId, bool typing) => Run(async () =>
    {
        await chat.TypingAsync(Who().UserId, Who().IsAdmin, conversationId, typing, Context.ConnectionAborted);
        return true;
    });

    public Task Read(long conversationId, long messageId) => Run(async () =>
    {
        await chat.ReadAsync(Who().UserId, Who().IsAdmin, conversationId, messageId, Context.ConnectionAborted);
        return true;
    });

    public Task Transfer(long conversationId, int? agentId, int? teamId) => Run(async () =>
    {
        await chat.TransferAsync(Who().UserId, Who().IsAdmin, conversationId, agentId, teamId, Context.ConnectionAborted);
        return true;
    });

    public Task End(long conversationId) => Run(async () =>
    {
        await chat.EndAsync(Who().UserId, Who().IsAdmin, conversationId, Context.ConnectionAborted);
        return true;
    });

    /// <summary>C3: the chat becomes a ticket with its transcript; answers the ticket's id.</summary>
    public Task<long> ToTicket(long conversationId) =>
        Run(() => chat.ToTicketAsync(Who().UserId, Who().IsAdmin, conversationId, Context.ConnectionAborted));

    private (int UserId, bool IsAdmin) Who() => TryWho() ?? throw new HubException("not-signed-in: Sign in again.");

    private (int UserId, bool IsAdmin)? TryWho()
    {
        var principal = Context.User ?? new ClaimsPrincipal();
        return int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (id, principal.IsInRole(nameof(Role.Admin)))
            : null;
    }

    private static async Task<T> Run<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (ChatRefusal refusal)
        {
            throw new HubException($"{refusal.Code}: {refusal.Message}");
        }
    }
}
