using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Haumai.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C1: the visitors' hub, <c>/hubs/chat?widget=KEY[&amp;visitor=TOKEN]</c>, open to anyone but
/// only from a page of one of the widget's allowed origins (the Origin header browsers send with
/// the WebSocket handshake and the negotiation; CORS answers the latter for allowed origins only).
/// A connection speaks for at most one conversation: the one its token opens, or the one it starts.
/// Nothing about other conversations, agents or teams can be asked for.
/// </summary>
[AllowAnonymous]
public sealed class ChatHub(HaumaiDb db, VisitorChat chat, ChatNotifier notifier, IOptions<ChatOptions> options, TimeProvider clock) : Hub
{
    public const string Path = "/hubs/chat";

    private const string WidgetKey = "widget";
    private const string ConversationKey = "conversation";

    /// <summary>Connections per IP in the current minute (per node: a cheap first line; the database limits hold across nodes).</summary>
    private static readonly ConcurrentDictionary<string, (long Minute, int Count)> Connections = new();

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var ct = Context.ConnectionAborted;
        var key = http?.Request.Query["widget"].ToString();
        var widget = string.IsNullOrEmpty(key) ? null
            : await db.Set<ChatWidget>().AsNoTracking().FirstOrDefaultAsync(w => w.Key == key && w.IsActive, ct);
        if (http is null || widget is null || !widget.Allows(http.Request.Headers.Origin.ToString()) || TooManyConnections(http.Connection.RemoteIpAddress))
        {
            Context.Abort();
            return;
        }
        Context.Items[WidgetKey] = widget;
        var token = http.Request.Query["visitor"].ToString();
        if (token.Length > 0)
        {
            var hash = ChatConversation.HashToken(token);
            var id = await db.Set<ChatConversation>().AsNoTracking().Where(c => c.TokenHash == hash && c.WidgetId == widget.Id)
                .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
            if (id is { } conversationId)
            {
                await JoinAsync(conversationId);
            }
        }
        await base.OnConnectedAsync();
    }

    /// <summary>The widget's look, whether someone is there (or when the team opens), and the visitor's conversation with its history.</summary>
    public Task<VisitorChat.HelloView> Hello(string? language) =>
        Run(() => chat.HelloAsync(Widget, Conversation, Language(language), Context.ConnectionAborted));

    public Task<VisitorChat.Started> Start(VisitorChat.StartRequest request) => Run(async () =>
    {
        if (Conversation is not null)
        {
            throw new ChatRefusal("already-started", "This visitor already has a chat.");
        }
        var http = Context.GetHttpContext()!;
        // A customer signed in to the portal (the widget on Haumai's own pages sends the cookie) is known: no form to fill.
        int? customerId = Context.User?.IsInRole(nameof(Identity.Role.Customer)) == true
            && int.TryParse(Context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        var started = await chat.StartAsync(Widget, request, http.Connection.RemoteIpAddress, http.Request.Headers.Origin.ToString(), Context.ConnectionAborted, customerId);
        await JoinAsync(started.ConversationId);
        return started;
    });

    public Task<VisitorChat.Sent> Send(string? clientId, string? text) =>
        Run(() => chat.SendAsync(RequireConversation(), clientId, text, Context.GetHttpContext()?.Connection.RemoteIpAddress, Context.ConnectionAborted));

    public Task Typing(bool typing) => Run(async () =>
    {
        var id = RequireConversation();
        await notifier.ToAgentsOfConversationAsync(id, "typing", new { conversationId = id, side = "visitor", typing });
        return true;
    });

    public Task Read(long messageId) => Run(async () =>
    {
        await chat.ReadAsync(RequireConversation(), messageId, Context.ConnectionAborted);
        return true;
    });

    public Task End() => Run(async () =>
    {
        await chat.EndAsync(RequireConversation(), Context.ConnectionAborted);
        return true;
    });

    /// <summary>C3: nobody is there; the message becomes a ticket. Answers the ticket's number.</summary>
    public Task<string> LeaveMessage(VisitorChat.OfflineRequest request) =>
        Run(() => chat.LeaveMessageAsync(Widget, request, Context.GetHttpContext()?.Connection.RemoteIpAddress, Context.ConnectionAborted));

    private ChatWidget Widget => (ChatWidget)Context.Items[WidgetKey]!;

    private long? Conversation => Context.Items.TryGetValue(ConversationKey, out var id) ? (long)id! : null;

    private long RequireConversation() => Conversation ?? throw new ChatRefusal("no-chat", "Start a chat first.");

    private async Task JoinAsync(long conversationId)
    {
        Context.Items[ConversationKey] = conversationId;
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatNotifier.ConversationGroup(conversationId), Context.ConnectionAborted);
    }

    private static string Language(string? language) => language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "vi";

    private bool TooManyConnections(IPAddress? ip)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        var entry = Connections.AddOrUpdate(ip?.ToString() ?? "?", _ => (minute, 1), (_, e) => e.Minute == minute ? (minute, e.Count + 1) : (minute, 1));
        if (Connections.Count > 100_000)
        {
            // Old minutes are of no use: a flood of addresses must not grow this without end.
            foreach (var stale in Connections.Where(e => e.Value.Minute != minute).Select(e => e.Key).ToList())
            {
                Connections.TryRemove(stale, out _);
            }
        }
        return entry.Count > options.Value.ConnectionsPerMinutePerIp;
    }

    /// <summary>A refusal reaches the widget as a HubException whose message starts with its code.</summary>
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
