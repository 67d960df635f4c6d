namespace Haumai.Web.Features.Eta;

/// <summary>Where a ticket's ETA (T6) came from.</summary>
public enum EtaSource
{
    /// <summary>An agent promised it: it stays until an agent clears it or the ticket is solved.</summary>
    Manual,

    /// <summary><see cref="EtaFormula"/> worked it out; it follows the ticket's changes.</summary>
    Computed,
}

/// <summary>The history entry the ETA writes. Kept here, not in TicketEventType, because it belongs to this feature.</summary>
public static class EtaEventType
{
    /// <summary>Data: <c>{"from": UTC or null, "to": UTC or null, "source": "manual"|"computed"|null}</c>.</summary>
    public const string Changed = "eta_changed";
}

/// <summary>The <c>eta</c> block of the ticket JSON, in the offset of the team's calendar.</summary>
public sealed record EtaResponse(DateTimeOffset At, EtaSource Source);
