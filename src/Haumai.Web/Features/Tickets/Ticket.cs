using System.Text.Json;
using Haumai.Web.Features.Eta;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// A customer's request (yêu cầu hỗ trợ). Every change goes through a method here so that the T4
/// rules hold and every change leaves an event in the ticket's history.
/// </summary>
public sealed class Ticket
{
    public const int MaxSubjectLength = 250;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;

    private readonly List<TicketMessage> _messages = [];
    private readonly List<TicketTag> _tags = [];
    private readonly List<TicketEvent> _events = [];

    private Ticket() { }

    public Ticket(
        string subject,
        int requesterId,
        int? organizationId,
        Channel channel,
        int? categoryId,
        Priority priority,
        int? teamId,
        int? actorId,
        DateTime now)
    {
        Subject = subject.Trim();
        RequesterId = requesterId;
        OrganizationId = organizationId;
        Channel = channel;
        CategoryId = categoryId;
        Priority = priority;
        TeamId = teamId;
        Status = TicketStatus.New;
        IsOpen = true;
        CreatedAt = now;
        UpdatedAt = now;
        Record(actorId, TicketEventType.Created, now, new { channel, priority, categoryId, teamId });
    }

    /// <summary>Also the human number: ids start at 10001 and are shown as <c>#10001</c>.</summary>
    public long Id { get; private set; }
    public string Subject { get; private set; } = "";
    public int RequesterId { get; private set; }
    public int? OrganizationId { get; private set; }
    public Channel Channel { get; private set; }
    public int? CategoryId { get; private set; }
    public Priority Priority { get; private set; }
    public TicketStatus Status { get; private set; }

    /// <summary>
    /// Derived from <see cref="Status"/> and stored only so that the queue's indexes can lead with
    /// it: the queue is "open work by priority then arrival" and must seek, not scan.
    /// </summary>
    public bool IsOpen { get; private set; }
    public int? AssigneeId { get; private set; }
    public int? TeamId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? SolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    /// <summary>
    /// E3: the closed ticket this one follows up, when the customer wrote again on a conversation
    /// that was over (closed, or solved long ago). The old one stays as it was; this one links to it.
    /// </summary>
    public long? FollowUpOfId { get; private set; }

    public void FollowsUp(long ticketId) => FollowUpOfId = ticketId;

    /// <summary>
    /// The nearest deadline among the ticket's running SLA clocks (past when overdue), or null when
    /// none runs. Derived from the history by the SLA feature and stored only so that the queue can
    /// sort by it and a scanner can find what falls due, by index.
    /// </summary>
    public DateTime? NextSlaDueAt { get; private set; }

    /// <summary>
    /// The estimated completion time (T6), UTC; null when the ticket is solved or closed. Kept up to
    /// date by the ETA feature (<c>TicketEta</c>) or set by an agent, see <see cref="EtaSource"/>.
    /// </summary>
    public DateTime? EtaAt { get; private set; }
    public EtaSource? EtaSource { get; private set; }

    /// <summary>Optimistic concurrency: two agents saving the same ticket cannot both win silently.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<TicketMessage> Messages => _messages;
    public IReadOnlyList<TicketTag> Tags => _tags;
    public IReadOnlyList<TicketEvent> Events => _events;

    public string Number => FormatNumber(Id);

    public static string FormatNumber(long id) => "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void ChangeStatus(TicketStatus to, int? actorId, DateTime now)
    {
        if (to == Status)
        {
            return;
        }
        if (!TicketStatusRules.CanMove(Status, to))
        {
            var allowed = TicketStatusRules.AllowedFrom(Status);
            throw new TicketRuleException(
                "invalid-status-transition",
                $"A ticket cannot go from {Name(Status)} to {Name(to)}. Allowed from {Name(Status)}: " +
                (allowed.Count == 0 ? "none" : string.Join(", ", allowed.Select(Name))) + ".");
        }
        var from = Status;
        Status = to;
        IsOpen = TicketStatusRules.IsOpen(to);
        if (to == TicketStatus.Solved)
        {
            SolvedAt = now;
        }
        else if (to == TicketStatus.Closed)
        {
            ClosedAt = now;
        }
        else if (from == TicketStatus.Solved)
        {
            SolvedAt = null;
        }
        Record(actorId, TicketEventType.StatusChanged, now, new { from, to });
    }

    public void ChangePriority(Priority to, int? actorId, DateTime now)
    {
        EnsureNotClosed();
        if (to == Priority)
        {
            return;
        }
        var from = Priority;
        Priority = to;
        Record(actorId, TicketEventType.PriorityChanged, now, new { from, to });
    }

    public void ChangeCategory(int? categoryId, int? actorId, DateTime now)
    {
        EnsureNotClosed();
        if (categoryId == CategoryId)
        {
            return;
        }
        var from = CategoryId;
        CategoryId = categoryId;
        Record(actorId, TicketEventType.CategoryChanged, now, new { from, to = categoryId });
    }

    public void Assign(int? assigneeId, int? actorId, DateTime now)
    {
        EnsureNotClosed();
        if (assigneeId == AssigneeId)
        {
            return;
        }
        var from = AssigneeId;
        AssigneeId = assigneeId;
        Record(actorId, TicketEventType.Assigned, now, new { from, to = assigneeId });
    }

    public void MoveToTeam(int? teamId, int? actorId, DateTime now)
    {
        EnsureNotClosed();
        if (teamId == TeamId)
        {
            return;
        }
        var from = TeamId;
        TeamId = teamId;
        Record(actorId, TicketEventType.TeamChanged, now, new { from, to = teamId });
    }

    /// <summary>Replaces the tags. Needs <see cref="Tags"/> loaded.</summary>
    public void SetTags(IEnumerable<string> tags, int? actorId, DateTime now)
    {
        EnsureNotClosed();
        var wanted = tags.Select(NormalizeTag).Where(t => t.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var current = _tags.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        if (wanted.SequenceEqual(current))
        {
            return;
        }
        _tags.RemoveAll(t => !wanted.Contains(t.Name));
        foreach (var name in wanted.Except(current))
        {
            _tags.Add(new TicketTag(Id, name));
        }
        Record(actorId, TicketEventType.TagsChanged, now, new { from = current, to = wanted });
    }

    public static string NormalizeTag(string tag) => tag.Trim().ToLowerInvariant();

    /// <summary>
    /// The first message: what the requester (or the agent taking the call) wrote to open the
    /// ticket. It is not a reply, so it moves no status.
    /// </summary>
    public TicketMessage AddDescription(int authorId, string body, DateTime now)
    {
        if (_messages.Count > 0)
        {
            throw new InvalidOperationException("A ticket has one description, its first message.");
        }
        var message = new TicketMessage(this, authorId, body, isInternal: false, now);
        _messages.Add(message);
        return message;
    }

    /// <summary>
    /// Adds a public reply or an internal note. A public reply from staff moves a new ticket to
    /// open; a customer's message brings a ticket that waits on them, or a solved one, back to open.
    /// </summary>
    public TicketMessage AddMessage(int authorId, bool authorIsStaff, string body, bool isInternal, DateTime now)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketRuleException(
                "ticket-closed",
                "This ticket is closed and takes no more messages; open a new ticket that refers to it.");
        }
        if (isInternal && !authorIsStaff)
        {
            throw new InvalidOperationException("Only staff write internal notes.");
        }
        var message = new TicketMessage(this, authorId, body, isInternal, now);
        _messages.Add(message);
        UpdatedAt = now;
        Record(authorId, isInternal ? TicketEventType.NoteAdded : TicketEventType.ReplyAdded, now, null);
        if (!isInternal)
        {
            if (authorIsStaff && Status == TicketStatus.New)
            {
                ChangeStatus(TicketStatus.Open, authorId, now);
            }
            else if (!authorIsStaff && Status is TicketStatus.Pending or TicketStatus.Solved)
            {
                ChangeStatus(TicketStatus.Open, authorId, now);
            }
        }
        return message;
    }

    /// <summary>Stores what the SLA clocks computed; derived data, so no event and no change to <see cref="UpdatedAt"/>.</summary>
    public void SetNextSlaDue(DateTime? dueAt) => NextSlaDueAt = dueAt;

    /// <summary>
    /// Moves the ETA and records it: the customer is told an ETA, so every move is history.
    /// Whether a move is worth it (the noise threshold) is the ETA feature's decision.
    /// </summary>
    public void ChangeEta(DateTime? at, EtaSource? source, int? actorId, DateTime now)
    {
        source = at is null ? null : source;
        if (at == EtaAt && source == EtaSource)
        {
            return;
        }
        var from = EtaAt;
        EtaAt = at;
        EtaSource = source;
        Record(actorId, EtaEventType.Changed, now, new { from, to = at, source });
    }

    /// <summary>
    /// Something the system observed about the ticket (an SLA warning or breach): it goes into the
    /// history, but it is no edit, so <see cref="UpdatedAt"/> stays.
    /// </summary>
    public void RecordSystemEvent(string type, object data, DateTime now)
    {
        var updatedAt = UpdatedAt;
        Record(null, type, now, data);
        UpdatedAt = updatedAt;
    }

    public void RecordAttachment(TicketAttachment attachment, int actorId, DateTime now) =>
        Record(actorId, TicketEventType.AttachmentAdded, now, new { attachment.FileName, attachment.Length });

    private static string Name(TicketStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private void EnsureNotClosed()
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketRuleException("ticket-closed", "This ticket is closed and can no longer change.");
        }
    }

    private void Record(int? actorId, string type, DateTime now, object? data)
    {
        UpdatedAt = now;
        _events.Add(new TicketEvent(this, actorId, type, data is null ? null : JsonSerializer.Serialize(data, EventJson), now));
    }

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    internal void BumpVersion() => Version++;
}
