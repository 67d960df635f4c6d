namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>Inbound mail settings (section <c>Mail:Inbound</c>).</summary>
public sealed class InboundMailOptions
{
    /// <summary>Largest raw message accepted (the HTTP entry answers 413 above it, the pipe refuses it).</summary>
    public long MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// Messages one sender may turn into tickets or replies per hour; more are parked. A runaway
    /// autoresponder that slips past the header checks is stopped here.
    /// </summary>
    public int MaxPerSenderPerHour { get; set; } = 20;
}
