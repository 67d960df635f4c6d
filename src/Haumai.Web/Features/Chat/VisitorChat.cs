using System.Net;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C1/C3/C4: what a visitor can do through a widget: see whether someone is there, start a chat
/// (with a name and an email or phone when the widget asks), write, and leave a message that
/// becomes a ticket when nobody is. Every message is stored before the visitor is told it was sent.
/// Errors are <see cref="ChatRefusal"/>s with a stable code the widget words in the page's language.
/// </summary>
public sealed class VisitorChat(
    HaumaiDb db,
    ChatAvailability availability,
    RouteChats routing,
    ChatNotifier notifier,
    TimeProvider clock,
    IOptions<ChatOptions> options,
    Sla.TicketSla sla,
    Eta.TicketEta eta,
    Workspace.IQueueNotifier queue,
    ChatBlocks blocks)
{
    public sealed record StartRequest(string? Name, string? Email, string? Phone, string? PageUrl, string? Language);

    public sealed record Started(string Token, long ConversationId);

    public sealed record Sent(long Id, DateTime CreatedAt);

    public sealed record OfflineRequest(string? Name, string? Email, string? Phone, string? Message, string? Language);

    public sealed record WidgetView(string Name, string Color, string? Greeting, bool RequireContact);

    public sealed record ConversationView(long Id, string State, string? AgentName, long AgentReadUpTo, IReadOnlyList<ChatViews.MessageView> Messages, long? TicketId);

    public sealed record HelloView(WidgetView Widget, ChatAvailability.Status Availability, ConversationView? Conversation);

    public async Task<HelloView> HelloAsync(ChatWidget widget, long? conversationId, string language, CancellationToken ct)
    {
        var status = await availability.ForTeamAsync(widget.TeamId, ct);
        ConversationView? conversation = null;
        if (conversationId is { } id)
        {
            conversation = await ConversationAsync(id, ct);
        }
        var greeting = language == "en" ? widget.GreetingEn ?? widget.GreetingVi : widget.GreetingVi ?? widget.GreetingEn;
        return new HelloView(new WidgetView(widget.Name, widget.Color, greeting, widget.RequireContact), status, conversation);
    }

    public async Task<ConversationView?> ConversationAsync(long id, CancellationToken ct)
    {
        var c = await db.Set<ChatConversation>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }
        var agentName = c.AssigneeId is { } a ? await db.Users.AsNoTracking().Where(u => u.Id == a).Select(u => u.Name).FirstOrDefaultAsync(ct) : null;
        var messages = await ChatHistory.ReadAsync(db, id, ct);
        return new ConversationView(c.Id, c.State.ToString().ToLowerInvariant(), agentName, c.AgentReadUpTo, messages, c.TicketId);
    }

    public async Task<Started> StartAsync(ChatWidget widget, StartRequest request, IPAddress? ip, string? origin, CancellationToken ct, int? signedInCustomerId = null)
    {
        var (name, email, phone) = Contact(request.Name, request.Email, request.Phone);
        if (signedInCustomerId is { } known
            && await db.Users.AsNoTracking().Where(u => u.Id == known && u.IsActive).Select(u => new { u.Name, u.Email }).FirstOrDefaultAsync(ct) is { } customer)
        {
            name = customer.Name;
            email = customer.Email;
        }
        if (widget.RequireContact && (name is null || (email is null && phone is null)))
        {
            throw new ChatRefusal("contact-required", "A name and an email address or a phone number are needed.");
        }
        await RefuseBlockedAsync(ip, email, ct);
        await RefuseTooManyStartsAsync(ip, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = ChatConversation.NewToken();
        // Only a signed-in customer is taken for who they say they are: an email typed into a form proves nothing.
        var customerId = signedInCustomerId;
        var conversation = new ChatConversation(widget.Id, widget.TeamId, ChatConversation.HashToken(token), name, email, phone, customerId,
            ip?.ToString(), origin, request.PageUrl, request.Language ?? "vi", now);
        db.Set<ChatConversation>().Add(conversation);
        await db.SaveChangesAsync(ct);
        return new Started(token, conversation.Id);
    }

    public async Task<Sent> SendAsync(long conversationId, string? clientId, string? text, IPAddress? ip, CancellationToken ct)
    {
        var body = ChatInput.Body(text, options.Value.MaxMessageLength);
        clientId = ChatInput.ClientId(clientId);
        var now = clock.GetUtcNow().UtcDateTime;
        var minuteAgo = now.AddMinutes(-1);
        // Everything the checks need in one read, next to the conversation itself (a message a second per chat, many chats).
        var facts = await db.Set<ChatConversation>().AsNoTracking().Where(c => c.Id == conversationId).Select(c => new
        {
            Recent = db.Set<ChatMessage>().Count(m => m.ConversationId == conversationId && m.Sender == ChatSender.Visitor && m.CreatedAt >= minuteAgo),
            Wrote = db.Set<ChatMessage>().Any(m => m.ConversationId == conversationId && m.Sender == ChatSender.Visitor),
            Resent = clientId != null && db.Set<ChatMessage>().Any(m => m.ConversationId == conversationId && m.ClientId == clientId),
        }).FirstAsync(ct);
        if (facts.Resent && await ChatInput.AlreadySentAsync(db, conversationId, clientId, ct) is { } existing)
        {
            return existing; // a resend after a lost answer
        }
        var conversation = await db.Set<ChatConversation>().FirstAsync(c => c.Id == conversationId, ct);
        if (conversation.State == ChatState.Ended)
        {
            throw new ChatRefusal("chat-ended", "This chat has ended.");
        }
        if (blocks.IsBlocked(ip, conversation.VisitorEmail))
        {
            throw new ChatRefusal("blocked", "Chat is not available.");
        }
        if (facts.Recent >= options.Value.VisitorMessagesPerMinute)
        {
            throw new ChatRefusal("rate-limited", "Too many messages; wait a moment.");
        }
        var message = new ChatMessage(conversationId, ChatSender.Visitor, null, body, clientId, now);
        db.Set<ChatMessage>().Add(message);
        conversation.Touch(now);
        await db.SaveChangesAsync(ct);
        await notifier.ToConversationAsync(conversationId, "message", ChatViews.Message(message, conversation.VisitorName));
        if (!facts.Wrote)
        {
            // The visitor has something to say: now the chat waits for an agent.
            await notifier.QueueChangedAsync(conversation.TeamId, conversationId);
            await routing.RouteTeamAsync(conversation.TeamId, ct);
        }
        return new Sent(message.Id, DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
    }

    public async Task ReadAsync(long conversationId, long messageId, CancellationToken ct)
    {
        var conversation = await db.Set<ChatConversation>().FirstAsync(c => c.Id == conversationId, ct);
        conversation.VisitorRead(messageId);
        await db.SaveChangesAsync(ct);
        await notifier.ToAgentsOfConversationAsync(conversationId, "read", new { conversationId, side = "visitor", upTo = conversation.VisitorReadUpTo });
    }

    public async Task EndAsync(long conversationId, CancellationToken ct)
    {
        var conversation = await db.Set<ChatConversation>().FirstAsync(c => c.Id == conversationId, ct);
        if (conversation.State == ChatState.Ended)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        conversation.End(now);
        await db.SaveChangesAsync(ct);
        await ChatEvents.SystemAsync(db, notifier, conversationId, "Khách đã kết thúc cuộc trò chuyện", "The visitor ended the chat", now, ct);
        await notifier.ToConversationAsync(conversationId, "state", new { conversationId, state = "ended" });
        await notifier.QueueChangedAsync(conversation.TeamId, conversationId);
        await routing.RouteTeamAsync(conversation.TeamId, ct);
    }

    /// <summary>C3: nobody can chat now: the message becomes a ticket (channel chat) for the team, answered by email.</summary>
    public async Task<string> LeaveMessageAsync(ChatWidget widget, OfflineRequest request, IPAddress? ip, CancellationToken ct)
    {
        var (name, email, phone) = Contact(request.Name, request.Email, request.Phone);
        if (email is null)
        {
            throw new ChatRefusal("email-required", "An email address is needed to answer you.");
        }
        var body = ChatInput.Body(request.Message, TicketMessage.MaxBodyLength);
        await RefuseBlockedAsync(ip, email, ct);
        await RefuseTooManyStartsAsync(ip, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var requester = await FindOrCreateCustomer.HandleAsync(db, email, name, now, null, ct);
        if (!requester.IsActive)
        {
            throw new ChatRefusal("blocked", "Chat is not available.");
        }
        var firstLine = body.Split('\n')[0].Trim();
        var subject = firstLine.Length > 80 ? firstLine[..80] + "…" : firstLine;
        var ticket = new Ticket(subject.Length == 0 ? "Tin nhắn ngoài giờ" : subject, requester.Id, requester.OrganizationId, Channel.Chat, null, Priority.Medium, widget.TeamId, requester.Id, now);
        db.Tickets.Add(ticket);
        var description = phone is null ? body : $"{body}\n\n(Điện thoại / phone: {phone})";
        ticket.AddDescription(requester.Id, description, now);
        Mail.Outbox.OutboxMail.EnqueueAcknowledgement(db, ticket, requester, now);
        await db.SaveChangesAsync(ct);
        // Kept as an ended chat that became the ticket: counted like a chat start by IP (C4), since an offline form is as cheap to abuse.
        var record = OfflineRecord(widget, requester, ip, now, request.Language);
        record.BecameTicket(ticket.Id);
        db.Set<ChatConversation>().Add(record);
        await sla.RefreshAsync(ticket, ct);
        await eta.RefreshAsync(ticket, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        queue.Changed(ticket, Workspace.QueueChangeKind.Created);
        return ticket.Number;
    }

    private static ChatConversation OfflineRecord(ChatWidget widget, User requester, IPAddress? ip, DateTime now, string? language)
    {
        var record = new ChatConversation(widget.Id, widget.TeamId, ChatConversation.HashToken(ChatConversation.NewToken()), requester.Name, requester.Email, null,
            requester.Id, ip?.ToString(), null, null, language ?? "vi", now);
        record.End(now);
        return record;
    }

    /// <summary>Read fresh when a chat or a message for later starts (rare); messages use the cached list.</summary>
    private async Task RefuseBlockedAsync(IPAddress? ip, string? email, CancellationToken ct)
    {
        if ((await blocks.ReloadAsync(db, ct)).Any(b => b.Matches(ip, email)))
        {
            throw new ChatRefusal("blocked", "Chat is not available.");
        }
    }

    private async Task RefuseTooManyStartsAsync(IPAddress? ip, CancellationToken ct)
    {
        if (ip is null)
        {
            return;
        }
        var text = ip.ToString();
        var hourAgo = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        if (await db.Set<ChatConversation>().CountAsync(c => c.VisitorIp == text && c.CreatedAt >= hourAgo, ct) >= options.Value.StartsPerHourPerIp)
        {
            throw new ChatRefusal("rate-limited", "Too many chats from this address; try again later.");
        }
    }

    private static (string? Name, string? Email, string? Phone) Contact(string? name, string? email, string? phone)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (email is not null && (email.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            throw new ChatRefusal("bad-email", "The email address is not valid.");
        }
        if (phone is not null && (phone.Length > 20 || !phone.All(ch => char.IsDigit(ch) || ch is '+' or ' ' or '-' or '.' or '(' or ')')))
        {
            throw new ChatRefusal("bad-phone", "The phone number is not valid.");
        }
        if (name is { Length: > 200 })
        {
            throw new ChatRefusal("too-long", "The name is too long.");
        }
        return (name, email?.ToLowerInvariant(), phone);
    }
}

/// <summary>A request the chat refuses, with a stable code the widget and the console word in the reader's language.</summary>
public sealed class ChatRefusal(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
