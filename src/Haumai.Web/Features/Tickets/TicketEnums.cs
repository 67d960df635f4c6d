namespace Haumai.Web.Features.Tickets;

/// <summary>
/// T3 priorities. The numeric values are the queue order (urgent first) and are what the database
/// stores, so that ordering by the column orders by urgency.
/// </summary>
public enum Priority
{
    /// <summary>An outage that stops the customer's business.</summary>
    Urgent = 1,
    /// <summary>An important function is broken.</summary>
    High = 2,
    /// <summary>A secondary function is broken.</summary>
    Medium = 3,
    /// <summary>A question or a request for information.</summary>
    Low = 4,
}

/// <summary>T4 states. The allowed moves between them are in <see cref="TicketStatusRules"/>.</summary>
public enum TicketStatus
{
    New,
    Open,
    /// <summary>Waiting on the customer (or on their decision about a quote).</summary>
    Pending,
    /// <summary>Waiting on a third party or on internal work.</summary>
    OnHold,
    Solved,
    /// <summary>Solved and final: a new message opens a new, linked ticket instead.</summary>
    Closed,
}

/// <summary>Where a ticket came from (T1).</summary>
public enum Channel
{
    Portal,
    Email,
    Chat,
    Api,
    Phone,
}

public static class TicketStatusRules
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.New] = [TicketStatus.Open, TicketStatus.Pending, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.Open] = [TicketStatus.Pending, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.Pending] = [TicketStatus.Open, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.OnHold] = [TicketStatus.Open, TicketStatus.Pending, TicketStatus.Solved],
        [TicketStatus.Solved] = [TicketStatus.Open, TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    /// <summary>Unsolved work: what the queue shows.</summary>
    public static bool IsOpen(TicketStatus status) => status is not (TicketStatus.Solved or TicketStatus.Closed);

    public static IReadOnlyList<TicketStatus> AllowedFrom(TicketStatus from) => Allowed[from];
}
