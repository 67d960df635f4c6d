using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;

namespace Haumai.Tests.Features.Sla;

/// <summary>S2 policy choice, without a database: the first policy by position whose conditions all hold; the default last.</summary>
public sealed class SlaPolicyMatchingTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc);
    private const int Sales = 2;
    private const int Technical = 1;
    private const int Complaint = 5;

    private static Dictionary<Priority, SlaTargets> Targets(int firstResponse) =>
        Enum.GetValues<Priority>().ToDictionary(p => p, _ => new SlaTargets(firstResponse, null, null));

    private static SlaPolicy Policy(string name, int position, SlaTicketConditions conditions) =>
        new(name, name, position, "24x7", conditions, Targets(60), Now);

    [Fact]
    public void The_first_matching_policy_by_position_applies_and_the_default_catches_the_rest()
    {
        var fallback = SlaPolicy.CreateDefault("Default", "Default", "24x7", Targets(60), Now);
        var sales = Policy("Sales", 10, new(null, Sales, null, null));
        var paidSales = Policy("Paid sales", 20, new(null, Sales, Plan.Paid, null));
        var contractComplaints = Policy("Contract complaints", 5, new(Complaint, null, null, true));
        SlaPolicy[] all = [paidSales, fallback, contractComplaints, sales];

        // The default has the lowest position, yet is tried last.
        SlaPolicy.Choose(all, new SlaTicketFacts(null, Technical, Plan.Free, false)).ShouldBeSameAs(fallback);
        // Sales (10) comes before Paid sales (20): order decides, not how specific a policy is.
        SlaPolicy.Choose(all, new SlaTicketFacts(null, Sales, Plan.Paid, false)).ShouldBeSameAs(sales);
        // Every condition must hold: a complaint without a contract is not a contract complaint.
        SlaPolicy.Choose(all, new SlaTicketFacts(Complaint, Sales, Plan.Paid, false)).ShouldBeSameAs(sales);
        SlaPolicy.Choose(all, new SlaTicketFacts(Complaint, Sales, Plan.Paid, true)).ShouldBeSameAs(contractComplaints);

        paidSales.MoveTo(1, Now);
        SlaPolicy.Choose(all, new SlaTicketFacts(null, Sales, Plan.Paid, false)).ShouldBeSameAs(paidSales);
        SlaPolicy.Choose(all, new SlaTicketFacts(null, Sales, Plan.Free, false)).ShouldBeSameAs(sales);
    }

    [Fact]
    public void A_policy_needs_targets_for_every_priority_within_range()
    {
        var missing = Targets(60);
        missing.Remove(Priority.Low);
        Should.Throw<ArgumentException>(() => new SlaPolicy("x", "x", 1, "24x7", SlaTicketConditions.Any, missing, Now));

        var zero = Targets(60);
        zero[Priority.High] = new SlaTargets(0, null, null);
        Should.Throw<ArgumentOutOfRangeException>(() => new SlaPolicy("x", "x", 1, "24x7", SlaTicketConditions.Any, zero, Now));

        var policy = new SlaPolicy("x", "x", 1, "24x7", SlaTicketConditions.Any, Targets(60), Now);
        policy.TargetsFor(Priority.Medium).ShouldBe(new SlaTargets(60, null, null));
    }
}
