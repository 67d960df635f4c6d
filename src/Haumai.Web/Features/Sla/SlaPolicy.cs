using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Sla;

/// <summary>What a policy's conditions are tested against: the ticket as it is now.</summary>
/// <param name="Plan">The organization's plan; a requester without an organization pays nothing, so <see cref="Plan.Free"/>.</param>
/// <param name="HasContract">Whether the organization had a contract in force on the day the ticket came in.</param>
public sealed record SlaTicketFacts(int? CategoryId, int? TeamId, Plan Plan, bool HasContract);

/// <summary>
/// An SLA policy (S2): which tickets it covers (every condition that is set must match; unset means
/// any), the calendar its targets are counted in, and first-response, next-response and resolution
/// targets per priority. Admins order the policies; the first that matches a ticket applies, and the
/// default policy, which has no conditions, catches the rest.
/// </summary>
public sealed class SlaPolicy
{
    public const int MaxNameLength = 200;

    /// <summary>A year of minutes: anything longer is a typo, and keeps due-time arithmetic far from its limits.</summary>
    public const int MaxTargetMinutes = 366 * 24 * 60;

    private readonly List<SlaTarget> _targets = [];

    private SlaPolicy() { }

    public SlaPolicy(string name, string nameEn, int position, string calendarSlug, SlaTicketConditions conditions, IReadOnlyDictionary<Priority, SlaTargets> targets, DateTime now)
    {
        Position = position;
        CreatedAt = now;
        Update(name, nameEn, calendarSlug, conditions, targets, now);
    }

    /// <summary>The catch-all policy. Installations get theirs from the migration; this is for building one in memory.</summary>
    internal static SlaPolicy CreateDefault(string name, string nameEn, string calendarSlug, IReadOnlyDictionary<Priority, SlaTargets> targets, DateTime now)
    {
        var policy = new SlaPolicy(name, nameEn, 0, calendarSlug, SlaTicketConditions.Any, targets, now);
        policy.IsDefault = true;
        return policy;
    }

    public int Id { get; private set; }

    /// <summary>Vietnamese name, shown by default.</summary>
    public string Name { get; private set; } = "";
    public string NameEn { get; private set; } = "";

    /// <summary>Admin order: lower first. The default policy is tried last whatever its position.</summary>
    public int Position { get; private set; }

    /// <summary>The business calendar by slug (<c>24x7</c>, <c>office-hours</c>): calendars are looked up through <c>ICalendarSource</c>.</summary>
    public string CalendarSlug { get; private set; } = "";

    public int? CategoryId { get; private set; }
    public int? TeamId { get; private set; }
    public Plan? Plan { get; private set; }
    public bool? HasContract { get; private set; }

    /// <summary>The catch-all policy. There is one, installed by the migration; it has no conditions.</summary>
    public bool IsDefault { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyList<SlaTarget> Targets => _targets;

    public SlaTicketConditions Conditions => new(CategoryId, TeamId, Plan, HasContract);

    public void Update(string name, string nameEn, string calendarSlug, SlaTicketConditions conditions, IReadOnlyDictionary<Priority, SlaTargets> targets, DateTime now)
    {
        if (IsDefault && !conditions.IsEmpty)
        {
            throw new ArgumentException("The default policy applies to every ticket no other policy takes: it has no conditions.", nameof(conditions));
        }
        var missing = Enum.GetValues<Priority>().Where(p => !targets.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Targets are missing for: {string.Join(", ", missing)}.", nameof(targets));
        }
        Name = name.Trim();
        NameEn = nameEn.Trim();
        CalendarSlug = calendarSlug.Trim();
        (CategoryId, TeamId, Plan, HasContract) = conditions;
        foreach (var (priority, t) in targets)
        {
            if (_targets.FirstOrDefault(x => x.Priority == priority) is { } existing)
            {
                existing.Set(t);
            }
            else
            {
                _targets.Add(new SlaTarget(priority, t));
            }
        }
        UpdatedAt = now;
    }

    public void MoveTo(int position, DateTime now)
    {
        Position = position;
        UpdatedAt = now;
    }

    public bool Matches(SlaTicketFacts ticket) =>
        (CategoryId is null || CategoryId == ticket.CategoryId)
        && (TeamId is null || TeamId == ticket.TeamId)
        && (Plan is null || Plan == ticket.Plan)
        && (HasContract is null || HasContract == ticket.HasContract);

    /// <exception cref="InvalidOperationException">The policy has no target for that priority (a row deleted by hand).</exception>
    public SlaTargets TargetsFor(Priority priority) =>
        _targets.FirstOrDefault(t => t.Priority == priority)?.ToTargets()
        ?? throw new InvalidOperationException($"SLA policy {Id} has no targets for {priority}.");

    /// <summary>The order in which policies are tried: by position, the default last whatever its position.</summary>
    public static IOrderedEnumerable<SlaPolicy> InMatchOrder(IEnumerable<SlaPolicy> policies) =>
        policies.OrderBy(p => p.IsDefault).ThenBy(p => p.Position).ThenBy(p => p.Id);

    /// <summary>The first policy, in match order, whose conditions all hold for the ticket.</summary>
    public static SlaPolicy? Choose(IEnumerable<SlaPolicy> policies, SlaTicketFacts ticket) =>
        InMatchOrder(policies).FirstOrDefault(p => p.Matches(ticket));
}

/// <summary>A policy's conditions; null means "any".</summary>
public sealed record SlaTicketConditions(int? CategoryId, int? TeamId, Plan? Plan, bool? HasContract)
{
    public static SlaTicketConditions Any { get; } = new(null, null, null, null);

    public bool IsEmpty => this == Any;
}

/// <summary>One priority's targets in a policy (a row of <c>sla_targets</c>).</summary>
public sealed class SlaTarget
{
    private SlaTarget() { }

    internal SlaTarget(Priority priority, SlaTargets targets)
    {
        Priority = priority;
        Set(targets);
    }

    public int SlaPolicyId { get; private set; }
    public Priority Priority { get; private set; }
    public int FirstResponseMinutes { get; private set; }
    public int? NextResponseMinutes { get; private set; }
    public int? ResolutionMinutes { get; private set; }

    internal void Set(SlaTargets targets)
    {
        Check(targets.FirstResponseMinutes);
        if (targets.NextResponseMinutes is { } n)
        {
            Check(n);
        }
        if (targets.ResolutionMinutes is { } r)
        {
            Check(r);
        }
        FirstResponseMinutes = targets.FirstResponseMinutes;
        NextResponseMinutes = targets.NextResponseMinutes;
        ResolutionMinutes = targets.ResolutionMinutes;
    }

    public SlaTargets ToTargets() => new(FirstResponseMinutes, NextResponseMinutes, ResolutionMinutes);

    private static void Check(int minutes)
    {
        if (minutes is < 1 or > SlaPolicy.MaxTargetMinutes)
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), $"A target is 1 to {SlaPolicy.MaxTargetMinutes} minutes.");
        }
    }
}
