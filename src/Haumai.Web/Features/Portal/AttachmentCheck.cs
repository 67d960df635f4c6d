using Haumai.Web.Features.Tickets;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// The checks <see cref="UploadAttachment"/> makes (size, allowed type, a name, first bytes that
/// match the type), made on every file of a form before anything is saved: a ticket or reply with
/// one bad file is refused whole, instead of being saved with some of its files missing.
/// Keep in step with UploadAttachment.
/// </summary>
public sealed class AttachmentCheck(IOptions<AttachmentOptions> options)
{
    /// <summary>Files one message may carry.</summary>
    public const int MaxFiles = AddMessage.MaxAttachments;

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>What a file input may offer, for its <c>accept</c> attribute.</summary>
    public string Accept => string.Join(",", options.Value.AllowedContentTypes);

    /// <summary>The files a browser really sent: an empty file input posts a nameless, empty part.</summary>
    public static List<IFormFile> Chosen(IEnumerable<IFormFile>? files) =>
        (files ?? []).Where(f => f.Length > 0 || !string.IsNullOrWhiteSpace(f.FileName)).ToList();

    /// <summary>The first problem among the files, about the form field <paramref name="field"/>, or null when all are fine.</summary>
    public async Task<FieldError?> FindProblemAsync(string field, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        if (files.Count > MaxFiles)
        {
            return new FieldError(field, "Attach at most {0} files at once.", MaxFiles);
        }
        var allowed = options.Value.AllowedContentTypes;
        foreach (var file in files)
        {
            var name = Path.GetFileName((file.FileName ?? "").Replace('\\', '/')).Trim();
            if (name.Length == 0)
            {
                return new FieldError(field, "Every file needs a name.");
            }
            if (file.Length > MaxBytes)
            {
                return new FieldError(field, "{0} is larger than {1}.", name, UploadAttachment.FormatSize(MaxBytes));
            }
            if (file.Length == 0)
            {
                return new FieldError(field, "{0} is empty.", name);
            }
            var contentType = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            if (!allowed.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            {
                return new FieldError(field, "{0}: this type of file is not accepted. Send images, PDF, text, Office documents or zip archives.", name);
            }
            var head = new byte[16];
            int read;
            await using (var stream = file.OpenReadStream())
            {
                read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            }
            if (!FileSignatures.Matches(contentType, head.AsSpan(0, read)))
            {
                return new FieldError(field, "{0}: the file's content does not match its type.", name);
            }
        }
        return null;
    }
}
