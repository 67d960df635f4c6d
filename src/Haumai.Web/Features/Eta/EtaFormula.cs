using Haumai.Web.Features.Calendars;

namespace Haumai.Web.Features.Eta;

/// <summary>
/// The computed ETA (T6), as a pure function so that it can be checked against cases worked out by hand.
/// <code>
/// eta = calendar.AddBusinessMinutes(start, ceil(queuedAhead / max(1, activeAgents)) + ownEffort)
/// </code>
/// <list type="bullet">
/// <item><c>start</c>: now (for a ticket being created, its creation time: the same instant).</item>
/// <item><c>queuedAhead</c>: the sum of the typical efforts (minutes) of the team's open tickets that
/// come before this one in queue order (priority, then id), by their categories.</item>
/// <item><c>activeAgents</c>: the team's members with an active staff account. The work ahead is
/// shared between them; a team with nobody in it still counts as one, so that it has an ETA at all.</item>
/// <item><c>ownEffort</c>: the typical effort of the ticket's own category.</item>
/// <item><c>calendar</c>: the team's business calendar, so that the minutes are worked minutes (a
/// ticket that needs two hours at 17:00 on an office-hours Friday is done on Monday morning).</item>
/// </list>
/// The share of the queue is rounded up to a whole minute: an estimate that errs late disappoints less.
/// </summary>
public static class EtaFormula
{
    public static DateTime Compute(DateTime startUtc, long queuedAheadMinutes, int activeAgents, int ownEffortMinutes, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegative(queuedAheadMinutes);
        ArgumentOutOfRangeException.ThrowIfNegative(ownEffortMinutes);
        return calendar.AddBusinessMinutes(startUtc, BusinessMinutes(queuedAheadMinutes, activeAgents, ownEffortMinutes));
    }

    /// <summary>The business minutes between the start and the ETA.</summary>
    public static long BusinessMinutes(long queuedAheadMinutes, int activeAgents, int ownEffortMinutes)
    {
        long agents = Math.Max(1, activeAgents);
        return ((queuedAheadMinutes + agents - 1) / agents) + ownEffortMinutes;
    }
}
