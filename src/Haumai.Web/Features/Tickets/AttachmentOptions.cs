namespace Haumai.Web.Features.Tickets;

/// <summary><c>Attachments:*</c>: what files a ticket accepts.</summary>
public sealed class AttachmentOptions
{
    /// <summary>Largest file accepted, in bytes (default 20 MB). Larger uploads get 413.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// Content types accepted. Kinds that browsers could run (HTML, SVG, JavaScript) are left out
    /// on purpose: attachments are served to other people.
    /// </summary>
    public List<string> AllowedContentTypes { get; set; } =
    [
        "image/png", "image/jpeg", "image/gif", "image/webp",
        "application/pdf", "text/plain", "text/csv",
        "application/zip",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "message/rfc822",
    ];
}
