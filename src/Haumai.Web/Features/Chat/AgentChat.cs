using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C2/C3: what an agent does in the console: be online or away, see the team's waiting chats and
/// their own, take one, write, hand it to a colleague or another team, end it, or turn it into a
/// ticket with its transcript. Who may touch a chat: an admin; the agent it is assigned to; a
/// member of its team.
/// </summary>
public sealed class AgentChat(
    HaumaiDb db,
    RouteChats routing,
    ChatNotifier notifier,
    TimeProvider clock,
    IOptions<ChatOptions> options,
    Sla.TicketSla sla,
    Eta.TicketEta eta,
    Workspace.IQueueNotifier queue)
{
    public sealed record ChatSummary(long Id, string State, int TeamId, string? TeamName, int? AssigneeId, string? AssigneeName, string? VisitorName,
        string? VisitorEmail, DateTime CreatedAt, DateTime LastActivityAt, string? LastMessage, long LastMessageId, long AgentReadUpTo);

    public sealed record ConsoleView(string Presence, int MaxChats, IReadOnlyList<ChatSummary> Waiting, IReadOnlyList<ChatSummary> Mine,
        IReadOnlyList<ChatSummary> Others, IReadOnlyList<Colleague> Colleagues, IReadOnlyList<TeamChoice> Teams);

    public sealed record Colleague(int Id, string Name, string Presence);

    public sealed record TeamChoice(int Id, string Name);

    public sealed record CustomerContext(int? UserId, string? Name, string? Email, string? Organization, string? Plan, IReadOnlyList<OpenTicket> OpenTickets);

    public sealed record OpenTicket(long Id, string Number, string Subject, string Status);

    public sealed record ChatView(ChatSummary Chat, string? Phone, string? PageUrl, string Language, long VisitorReadUpTo, long? TicketId,
        IReadOnlyList<ChatViews.MessageView> Messages, CustomerContext Customer);

    public async Task ConnectedAsync(int userId, CancellationToken ct)
    {
        var agent = await AgentAsync(userId, ct);
        agent.Connected(Now());
        await db.SaveChangesAsync(ct);
    }

    public async Task DisconnectedAsync(int userId, CancellationToken ct)
    {
        var agent = await AgentAsync(userId, ct);
        agent.Disconnected(Now());
        await db.SaveChangesAsync(ct);
    }

    public async Task<ConsoleView> SetPresenceAsync(int userId, bool isAdmin, string presence, int? maxChats, CancellationToken ct)
    {
        if (!Enum.TryParse<ChatPresence>(presence, ignoreCase: true, out var value) || value == ChatPresence.Offline && presence != "offline")
        {
            throw new ChatRefusal("bad-presence", "Presence is online, away or offline.");
        }
        var agent = await AgentAsync(userId, ct);
        agent.Set(value, Now());
        if (maxChats is { } max)
        {
            agent.SetMaxChats(max);
        }
        await db.SaveChangesAsync(ct);
        if (value == ChatPresence.Online)
        {
            foreach (var team in await TeamsOfAsync(userId, ct))
            {
                await routing.RouteTeamAsync(team, ct);
            }
        }
        return await ConsoleAsync(userId, isAdmin, ct);
    }

    public async Task<ConsoleView> ConsoleAsync(int userId, bool isAdmin, CancellationToken ct)
    {
        var agent = await AgentAsync(userId, ct);
        var teams = await TeamsOfAsync(userId, ct);
        var visible = db.Set<ChatConversation>().AsNoTracking()
            .Where(c => c.State != ChatState.Ended && (isAdmin || teams.Contains(c.TeamId) || c.AssigneeId == userId))
            .Where(c => c.State == ChatState.Active || db.Set<ChatMessage>().Any(m => m.ConversationId == c.Id && m.Sender == ChatSender.Visitor));
        var chats = await Summaries(visible).ToListAsync(ct);
        var colleagues = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Role != Role.Customer && u.Id != userId)
            .OrderBy(u => u.Name)
            .Select(u => new Colleague(u.Id, u.Name,
                db.Set<ChatAgent>().Where(a => a.UserId == u.Id && a.Connections > 0).Select(a => a.Presence.ToString()).FirstOrDefault() ?? "Offline"))
            .ToListAsync(ct);
        var allTeams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamChoice(t.Id, t.Name)).ToListAsync(ct);
        return new ConsoleView(agent.Presence.ToString().ToLowerInvariant(), agent.MaxChats,
            chats.Where(c => c.State == "waiting").OrderBy(c => c.Id).ToList(),
            chats.Where(c => c.State == "active" && c.AssigneeId == userId).OrderBy(c => c.Id).ToList(),
            chats.Where(c => c.State == "active" && c.AssigneeId != userId).OrderBy(c => c.Id).ToList(),
            colleagues.Select(c => c with { Presence = c.Presence.ToLowerInvariant() }).ToList(), allTeams);
    }

    public async Task<ChatView> OpenAsync(int userId, bool isAdmin, long conversationId, CancellationToken ct)
    {
        var c = await AllowedAsync(userId, isAdmin, conversationId, ct);
        var summary = await Summaries(db.Set<ChatConversation>().AsNoTracking().Where(x => x.Id == conversationId)).FirstAsync(ct);
        var messages = await ChatHistory.ReadAsync(db, conversationId, ct);
        return new ChatView(summary, c.VisitorPhone, c.PageUrl, c.Language, c.VisitorReadUpTo, c.TicketId, messages, await CustomerAsync(c, ct));
    }

    public async Task AcceptAsync(int userId, bool isAdmin, long conversationId, CancellationToken ct)
    {
        var c = await AllowedAsync(userId, isAdmin, conversationId, ct);
        if (c.State == ChatState.Ended)
        {
            throw new ChatRefusal("chat-ended", "This chat has ended.");
        }
        if (c.AssigneeId == userId)
        {
            return;
        }
        var now = Now();
        var claimed = await db.Set<ChatConversation>()
            .Where(x => x.Id == conversationId && x.State == ChatState.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, ChatState.Active).SetProperty(x => x.AssigneeId, userId)
                .SetProperty(x => x.AcceptedAt, now).SetProperty(x => x.LastActivityAt, now), ct);
        if (claimed == 0)
        {
            throw new ChatRefusal("taken", "A colleague has taken this chat.");
        }
        await ChatEvents.AgentJoinedAsync(db, notifier, conversationId, userId, now, ct);
        await notifier.QueueChangedAsync(c.TeamId, conversationId);
    }

    /// <param name="authorName">The agent's name as the sign-in knows it (saves a read per message); read when null.</param>
    public async Task<VisitorChat.Sent> SendAsync(int userId, bool isAdmin, long conversationId, string? clientId, string? text, CancellationToken ct,
        string? authorName = null)
    {
        var c = await AllowedAsync(userId, isAdmin, conversationId, ct, tracked: true);
        if (c.State == ChatState.Ended)
        {
            throw new ChatRefusal("chat-ended", "This chat has ended.");
        }
        var body = ChatInput.Body(text, options.Value.MaxMessageLength);
        if (c.State == ChatState.Waiting)
        {
            // Answering a waiting chat takes it.
            await AcceptAsync(userId, isAdmin, conversationId, ct);
            await db.Entry(c).ReloadAsync(ct);
        }
        else if (c.AssigneeId != userId && !isAdmin)
        {
            throw new ChatRefusal("not-yours", "A colleague has this chat; ask for a transfer.");
        }
        clientId = ChatInput.ClientId(clientId);
        if (await ChatInput.AlreadySentAsync(db, conversationId, clientId, ct) is { } existing)
        {
            return existing;
        }
        var now = Now();
        var message = new ChatMessage(conversationId, ChatSender.Agent, userId, body, clientId, now);
        db.Set<ChatMessage>().Add(message);
        c.Touch(now);
        await db.SaveChangesAsync(ct);
        var name = authorName ?? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Name).FirstAsync(ct);
        await notifier.ToConversationAsync(conversationId, "message", ChatViews.Message(message, name));
        return new VisitorChat.Sent(message.Id, DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
    }

    public async Task TypingAsync(int userId, bool isAdmin, long conversationId, bool typing, CancellationToken ct)
    {
        await AllowedAsync(userId, isAdmin, conversationId, ct);
        await notifier.ToVisitorAsync(conversationId, "typing", new { side = "agent", typing });
    }

    public async Task ReadAsync(int userId, bool isAdmin, long conversationId, long messageId, CancellationToken ct)
    {
        await AllowedAsync(userId, isAdmin, conversationId, ct);
        var c = await db.Set<ChatConversation>().FirstAsync(x => x.Id == conversationId, ct);
        c.AgentRead(messageId);
        await db.SaveChangesAsync(ct);
        await notifier.ToVisitorAsync(conversationId, "read", new { side = "agent", upTo = c.AgentReadUpTo });
    }

    public async Task TransferAsync(int userId, bool isAdmin, long conversationId, int? agentId, int? teamId, CancellationToken ct)
    {
        var c = await AllowedAsync(userId, isAdmin, conversationId, ct);
        if (c.State == ChatState.Ended)
        {
            throw new ChatRefusal("chat-ended", "This chat has ended.");
        }
        var now = Now();
        var tracked = await db.Set<ChatConversation>().FirstAsync(x => x.Id == conversationId, ct);
        var fromTeam = tracked.TeamId;
        (string Vi, string En) note;
        if (agentId is { } to)
        {
            var target = await db.Users.AsNoTracking().Where(u => u.Id == to && u.IsActive && u.Role != Role.Customer).Select(u => new { u.Id, u.Name }).FirstOrDefaultAsync(ct)
                ?? throw new ChatRefusal("no-such-agent", "There is no such agent.");
            tracked.Assign(target.Id, now);
            note = ($"Đã chuyển cho {target.Name}", $"Transferred to {target.Name}");
        }
        else if (teamId is { } team)
        {
            var target = await db.Teams.AsNoTracking().Where(t => t.Id == team).Select(t => new { t.Id, t.Name }).FirstOrDefaultAsync(ct)
                ?? throw new ChatRefusal("no-such-team", "There is no such team.");
            tracked.MoveToTeam(target.Id, now);
            note = ($"Đã chuyển cho nhóm {target.Name}", $"Transferred to the {target.Name} team");
        }
        else
        {
            throw new ChatRefusal("no-target", "Choose an agent or a team.");
        }
        await db.SaveChangesAsync(ct);
        await ChatEvents.SystemAsync(db, notifier, conversationId, note.Vi, note.En, now, ct);
        if (agentId is { } assigned)
        {
            var name = await db.Users.AsNoTracking().Where(u => u.Id == assigned).Select(u => u.Name).FirstAsync(ct);
            await notifier.ToVisitorAsync(conversationId, "agent", new { name });
            await notifier.ToAgentAsync(assigned, "chatAssigned", new { conversationId });
        }
        await notifier.QueueChangedAsync(fromTeam, conversationId);
        if (tracked.TeamId != fromTeam)
        {
            await notifier.QueueChangedAsync(tracked.TeamId, conversationId);
            await routing.RouteTeamAsync(tracked.TeamId, ct);
        }
        await routing.RouteTeamAsync(fromTeam, ct);
    }

    public async Task EndAsync(int userId, bool isAdmin, long conversationId, CancellationToken ct)
    {
        await AllowedAsync(userId, isAdmin, conversationId, ct);
        var tracked = await db.Set<ChatConversation>().FirstAsync(x => x.Id == conversationId, ct);
        if (tracked.State == ChatState.Ended)
        {
            return;
        }
        var now = Now();
        tracked.End(now);
        await db.SaveChangesAsync(ct);
        await ChatEvents.SystemAsync(db, notifier, conversationId, "Cuộc trò chuyện đã kết thúc", "The chat has ended", now, ct);
        await notifier.ToConversationAsync(conversationId, "state", new { conversationId, state = "ended" });
        await notifier.QueueChangedAsync(tracked.TeamId, conversationId);
        await routing.RouteTeamAsync(tracked.TeamId, ct);
    }

    /// <summary>
    /// C3: the chat becomes a ticket (channel chat) whose description is the transcript, for the
    /// visitor as requester (found or created by email); a visitor without an email cannot be
    /// answered later, so the chat cannot become a ticket. Done once: a second call answers the same ticket.
    /// </summary>
    public async Task<long> ToTicketAsync(int userId, bool isAdmin, long conversationId, CancellationToken ct)
    {
        var c = await AllowedAsync(userId, isAdmin, conversationId, ct);
        if (c.TicketId is { } already)
        {
            return already;
        }
        if (c.VisitorEmail is null && c.CustomerId is null)
        {
            throw new ChatRefusal("email-required", "The visitor gave no email address: the ticket could not be answered.");
        }
        var now = Now();
        var messages = await ChatHistory.ReadAsync(db, conversationId, ct);
        Ticket ticket;
        // The write gate (SQLite) is held until the transaction is disposed: the system line below writes after it.
        await using (var tx = await db.BeginWriteTransactionAsync(ct))
        {
            var requester = c.CustomerId is { } customerId
                ? await db.Users.FirstAsync(u => u.Id == customerId, ct)
                : await FindOrCreateCustomer.HandleAsync(db, c.VisitorEmail!, c.VisitorName, now, null, ct);
            var first = messages.FirstOrDefault(m => m.Sender == "visitor")?.Body.Split('\n')[0].Trim() ?? "Chat";
            var subject = first.Length > 80 ? first[..80] + "…" : first;
            ticket = new Ticket(subject, requester.Id, requester.OrganizationId, Channel.Chat, null, Priority.Medium, c.TeamId, userId, now);
            ticket.Assign(userId, userId, now);
            db.Tickets.Add(ticket);
            ticket.AddDescription(requester.Id, Transcript(c, messages), now);
            await db.SaveChangesAsync(ct);
            var tracked = await db.Set<ChatConversation>().FirstAsync(x => x.Id == conversationId, ct);
            tracked.BecameTicket(ticket.Id);
            await sla.RefreshAsync(ticket, ct);
            await eta.RefreshAsync(ticket, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        queue.Changed(ticket, Workspace.QueueChangeKind.Created);
        await ChatEvents.SystemAsync(db, notifier, conversationId, $"Đã tạo yêu cầu {ticket.Number}", $"Ticket {ticket.Number} created", now, ct);
        return ticket.Id;
    }

    /// <summary>The conversation as plain text, one line per message with its time (UTC+7, the team's people read it there).</summary>
    public static string Transcript(ChatConversation c, IReadOnlyList<ChatViews.MessageView> messages)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Ho_Chi_Minh", out var vn) ? vn : TimeZoneInfo.Utc;
        var lines = new List<string> { $"Trò chuyện trực tuyến / Live chat #{c.Id} — {c.VisitorName ?? "Khách"} {c.VisitorEmail} {c.VisitorPhone}".TrimEnd() };
        if (c.PageUrl is { } page)
        {
            lines.Add(page);
        }
        lines.Add("");
        foreach (var m in messages)
        {
            var at = TimeZoneInfo.ConvertTimeFromUtc(m.CreatedAt, zone).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
            var who = m.Sender switch { "visitor" => m.AuthorName ?? "Khách", "agent" => m.AuthorName ?? "Nhân viên", _ => "Haumai" };
            lines.Add($"[{at}] {who}: {m.Body}");
        }
        var text = string.Join("\n", lines);
        return text.Length > TicketMessage.MaxBodyLength ? text[..TicketMessage.MaxBodyLength] : text;
    }

    private IQueryable<ChatSummary> Summaries(IQueryable<ChatConversation> chats) =>
        chats.Select(c => new ChatSummary(c.Id, c.State == ChatState.Waiting ? "waiting" : c.State == ChatState.Active ? "active" : "ended",
            c.TeamId, db.Teams.Where(t => t.Id == c.TeamId).Select(t => t.Name).FirstOrDefault(),
            c.AssigneeId, db.Users.Where(u => u.Id == c.AssigneeId).Select(u => u.Name).FirstOrDefault(),
            c.VisitorName, c.VisitorEmail, c.CreatedAt, c.LastActivityAt,
            db.Set<ChatMessage>().Where(m => m.ConversationId == c.Id && m.Sender != ChatSender.System).OrderByDescending(m => m.Id).Select(m => m.Body).FirstOrDefault(),
            db.Set<ChatMessage>().Where(m => m.ConversationId == c.Id).Max(m => (long?)m.Id) ?? 0,
            c.AgentReadUpTo));

    private async Task<CustomerContext> CustomerAsync(ChatConversation c, CancellationToken ct)
    {
        // Only a customer the portal's sign-in vouched for: an email typed into the widget could be anyone's.
        var customer = c.CustomerId is { } id
            ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Id, u.Name, u.Email, u.OrganizationId }).FirstOrDefaultAsync(ct)
            : null;
        if (customer is null)
        {
            return new CustomerContext(null, c.VisitorName, c.VisitorEmail, null, null, []);
        }
        var org = customer.OrganizationId is { } orgId
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Name, Plan = o.Plan.ToString() }).FirstOrDefaultAsync(ct)
            : null;
        var open = await db.Tickets.AsNoTracking().Where(t => t.RequesterId == customer.Id && t.IsOpen).OrderByDescending(t => t.Id).Take(5)
            .Select(t => new { t.Id, t.Subject, t.Status }).ToListAsync(ct);
        return new CustomerContext(customer.Id, customer.Name, customer.Email, org?.Name, org?.Plan,
            open.Select(t => new OpenTicket(t.Id, Ticket.FormatNumber(t.Id), t.Subject, t.Status.ToString().ToLowerInvariant())).ToList());
    }

    private async Task<ChatConversation> AllowedAsync(int userId, bool isAdmin, long conversationId, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.Set<ChatConversation>() : db.Set<ChatConversation>().AsNoTracking();
        var c = await query.FirstOrDefaultAsync(x => x.Id == conversationId, ct);
        var teams = await TeamsOfAsync(userId, ct);
        if (c is null || !(isAdmin || c.AssigneeId == userId || teams.Contains(c.TeamId)))
        {
            // Not found and not allowed look the same.
            throw new ChatRefusal("not-found", "There is no such chat.");
        }
        return c;
    }

    private Task<List<int>> TeamsOfAsync(int userId, CancellationToken ct) =>
        db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(ct);

    private async Task<ChatAgent> AgentAsync(int userId, CancellationToken ct)
    {
        var agent = await db.Set<ChatAgent>().FirstOrDefaultAsync(a => a.UserId == userId, ct);
        if (agent is null)
        {
            agent = new ChatAgent(userId, Now());
            db.Set<ChatAgent>().Add(agent);
        }
        return agent;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
