namespace Haumai.Mail.Html;

/// <summary>What <see cref="HtmlSanitizer"/> keeps beyond its fixed allow-list.</summary>
public sealed record HtmlSanitizerOptions
{
    public static HtmlSanitizerOptions Default { get; } = new();

    /// <summary>
    /// Maps a <c>cid:</c> reference (the Content-ID, without angle brackets, percent-decoded) to the URL
    /// of the stored inline image, or null when there is none; without a resolver <c>cid:</c> images are dropped.
    /// The URL returned must be relative or http(s); anything else is dropped too.
    /// </summary>
    public Func<string, string?>? ResolveCid { get; init; }

    /// <summary>Keeps remote http(s) images; off by default because they tell the sender the mail was read.</summary>
    public bool AllowRemoteImages { get; init; }

    /// <summary>Keeps the style attribute, reduced to a few harmless properties with no url(), expression() or escapes.</summary>
    public bool KeepSafeStyles { get; init; }

    /// <summary>The largest data: image kept, counted as the length of its URL.</summary>
    public int MaxDataImageLength { get; init; } = 256 * 1024;

    /// <summary>Wraps quoted history in a details element so the UI shows it folded.</summary>
    public bool FoldQuotedHistory { get; init; } = true;

    /// <summary>The summary line of folded quoted history (localised by the caller).</summary>
    public string QuotedHistorySummary { get; init; } = "…";

    /// <summary>Elements nested deeper than this are flattened to their text, which bounds recursion.</summary>
    public int MaxDepth { get; init; } = 200;
}

/// <summary>The result of <see cref="HtmlSanitizer.Sanitize(string, HtmlSanitizerOptions)"/>.</summary>
/// <param name="Html">Markup safe to embed in a page.</param>
/// <param name="BlockedRemoteImages">How many remote images were left out (a "show images" choice is worth offering when above 0).</param>
/// <param name="HasQuotedHistory">Whether quoted history was found (and folded when the options say so).</param>
public sealed record SanitizedHtml(string Html, int BlockedRemoteImages, bool HasQuotedHistory);
