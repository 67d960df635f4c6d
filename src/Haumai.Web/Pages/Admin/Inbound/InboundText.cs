using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Inbound;

/// <summary>The inbound pages' words for states, sources and the outcome of a retry, in the reader's language.</summary>
public static class InboundText
{
    /// <summary>The states in the order of the tabs: what needs an admin first.</summary>
    public static readonly InboundState[] States = [InboundState.Parked, InboundState.Received, InboundState.Processed, InboundState.Ignored];

    public static string Value(InboundState state) => state.ToString().ToLowerInvariant();

    public static string State(InboundState state, IStringLocalizer<AdminText> text) => state switch
    {
        InboundState.Parked => text["Parked"],
        InboundState.Received => text["Waiting"],
        InboundState.Processed => text["Processed"],
        _ => text["Ignored"],
    };

    /// <summary>States as the list handler writes them (lower case).</summary>
    public static string State(string state, IStringLocalizer<AdminText> text) =>
        Enum.TryParse<InboundState>(state, ignoreCase: true, out var s) ? State(s, text) : state;

    public static string Source(string source, IStringLocalizer<AdminText> text) => source switch
    {
        "imap" => text["IMAP mailbox"],
        "pipe" => text["Mail server (pipe)"],
        "http" => text["API"],
        "import" => text["Import"],
        _ => source,
    };

    public static string StateBadge(InboundState state) => state switch
    {
        InboundState.Parked => "text-bg-warning",
        InboundState.Processed => "text-bg-success",
        InboundState.Received => "text-bg-info",
        _ => "text-bg-secondary",
    };

    /// <summary>What a retry came to: green when the message became a ticket or a reply (or was ignored), a warning when it is still parked.</summary>
    public static (bool Done, string Message) Retried(IngestMail.Result result, IStringLocalizer<AdminText> text) => result.Outcome switch
    {
        IngestMail.Outcome.NewTicket => (true, text["Processed: it made ticket #{0}.", result.TicketId ?? 0]),
        IngestMail.Outcome.Reply => (true, text["Processed: it was added to ticket #{0}.", result.TicketId ?? 0]),
        IngestMail.Outcome.Ignored => (true, text["Ignored: {0}", result.Reason ?? ""]),
        _ => (false, text["Still parked: {0}", result.Reason ?? ""]),
    };
}
