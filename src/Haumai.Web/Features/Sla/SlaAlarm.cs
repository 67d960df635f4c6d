using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Sla;

public enum SlaAlarmKind
{
    /// <summary>A share of the target (default 80 %) is used up: the assignee is warned.</summary>
    Warning,
    /// <summary>The target is missed: the team lead is told and escalation rules apply.</summary>
    Breach,
}

/// <summary>
/// A moment at which an SLA clock must be announced. Alarms are rows, not timers in memory: they
/// survive a restart, any node can fire them, and <see cref="FiredAt"/> is claimed with a
/// conditional update, so each fires once. One alarm per clock cycle and kind
/// (<see cref="CycleStartedAt"/>): a clock that has warned does not warn again for the same cycle
/// when its due time moves.
/// </summary>
public sealed class SlaAlarm
{
    private SlaAlarm() { }

    public SlaAlarm(Ticket ticket, SlaClockKind clock, SlaAlarmKind kind, DateTime cycleStartedAt, DateTime fireAt, DateTime now)
    {
        Ticket = ticket;
        Clock = clock;
        Kind = kind;
        CycleStartedAt = cycleStartedAt;
        FireAt = fireAt;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public Ticket? Ticket { get; private set; }
    public SlaClockKind Clock { get; private set; }
    public SlaAlarmKind Kind { get; private set; }
    public DateTime CycleStartedAt { get; private set; }
    public DateTime FireAt { get; private set; }
    public DateTime? FiredAt { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void MoveTo(DateTime fireAt) => FireAt = fireAt;
}

internal sealed class SlaAlarmConfiguration : IEntityTypeConfiguration<SlaAlarm>
{
    public void Configure(EntityTypeBuilder<SlaAlarm> b)
    {
        b.ToTable("sla_alarms");
        b.Property(a => a.Clock).HasConversion<string>().HasMaxLength(24);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasOne(a => a.Ticket).WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.TicketId, a.Clock, a.Kind, a.CycleStartedAt }).IsUnique().HasDatabaseName("ux_sla_alarms_cycle");
        // The scanner's one range scan: what has not fired and is due by now, oldest first.
        b.HasIndex(a => new { a.FiredAt, a.FireAt }).HasDatabaseName("ix_sla_alarms_due");
    }
}
