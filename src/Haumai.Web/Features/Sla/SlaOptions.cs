namespace Haumai.Web.Features.Sla;

/// <summary><c>Sla:*</c>: when warnings fire, how often alarms are looked for, what a breach does.</summary>
public sealed class SlaOptions
{
    /// <summary>The share of a target after which the assignee is warned (0.8 = at 80 %).</summary>
    public double WarningShare { get; set; } = 0.8;

    /// <summary>How often the alarm scanner looks for due alarms; well under a minute so alarms fire on time.</summary>
    public int ScanIntervalSeconds { get; set; } = 15;

    /// <summary>Escalation rule: a breached ticket goes up one priority (low → medium → high → urgent).</summary>
    public bool RaisePriorityOnBreach { get; set; }

    /// <summary>Escalation rule: a breached ticket is reassigned to its team's lead.</summary>
    public bool ReassignToLeadOnBreach { get; set; }
}
