using System.Globalization;
using Haumai.Mail.Html;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// E6: what a ticket page shows as a message's body. A received mail with HTML is shown as that
/// HTML through the allow-list sanitiser, run now rather than at ingest so that every fix to the
/// sanitiser protects old mail too; everything else (notes, replies, text-only mail) is its plain
/// text. The agent page and the portal use this with their own attachment URLs, whose endpoints
/// check who may download.
/// </summary>
public sealed class MessageDisplay(IStringLocalizer<SharedText> text)
{
    /// <param name="Html">The sanitised HTML, or null when the message is shown as its text.</param>
    /// <param name="ShowImagesUrl">The page again with this message's remote images shown (works without script).</param>
    /// <param name="ShowImagesFragmentUrl">Only this message's body with its remote images, for htmx to swap in.</param>
    public sealed record Body(long MessageId, string Text, SanitizedHtml? Html, string ShowImagesUrl, string ShowImagesFragmentUrl);

    /// <summary>The page handler (<c>?handler=MessageBody&amp;message=…&amp;images=true</c>) that a page showing bodies offers for htmx.</summary>
    public const string FragmentHandler = "MessageBody";

    /// <param name="pageUrl">The ticket page itself, e.g. <c>/agent/tickets/10001</c>.</param>
    /// <param name="attachmentUrl">Where this page downloads a file of the ticket: its endpoint checks who may.</param>
    /// <param name="showImages">Whether the reader chose to load this message's remote images.</param>
    public Body Render(MessageResponse message, string pageUrl, Func<AttachmentResponse, string> attachmentUrl, bool showImages)
    {
        var id = message.Id.ToString(CultureInfo.InvariantCulture);
        var showImagesUrl = $"{pageUrl}?images={id}#message-{id}";
        var showImagesFragmentUrl = $"{pageUrl}?handler={FragmentHandler}&message={id}&images=true";
        // Internal notes are staff's own words, written as text: never HTML, whatever was stored.
        if (message.BodyHtml is not { } original || message.Internal)
        {
            return new Body(message.Id, message.Body, null, showImagesUrl, showImagesFragmentUrl);
        }
        // cid: names a part of the same mail (RFC 2392), so only this message's own files are looked at.
        var inline = new Dictionary<string, AttachmentResponse>(StringComparer.OrdinalIgnoreCase);
        foreach (var attachment in message.Attachments)
        {
            if (attachment.ContentId is { } contentId)
            {
                inline.TryAdd(contentId, attachment);
            }
        }
        var html = HtmlSanitizer.Sanitize(original, new HtmlSanitizerOptions
        {
            ResolveCid = cid => inline.TryGetValue(cid, out var file) ? attachmentUrl(file) : null,
            AllowRemoteImages = showImages,
            // The pages' CSP (style-src 'self') refuses style attributes anyway; keeping them would only add noise.
            KeepSafeStyles = false,
            FoldQuotedHistory = true,
            QuotedHistorySummary = text["Show the quoted earlier messages"],
        });
        // HTML with nothing left to show (only a script, say) would be an empty message: its text says more.
        var nothingShown = string.IsNullOrWhiteSpace(html.Html) && html.BlockedRemoteImages == 0;
        return new Body(message.Id, message.Body, nothingShown ? null : html, showImagesUrl, showImagesFragmentUrl);
    }
}
