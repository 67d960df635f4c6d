using Haumai.Web.Features.Tickets;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// <see cref="AttachmentRules"/>, the checks <see cref="UploadAttachment"/> makes, made on every
/// file of a form before anything is saved: a ticket or reply with one bad file is refused whole,
/// instead of being saved with some of its files missing. Says the problem as a localizable message.
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
        foreach (var file in files)
        {
            var (problem, name, _) = await AttachmentRules.CheckAsync(file, options.Value, ct);
            switch (problem)
            {
                case AttachmentRules.Problem.NoName:
                    return new FieldError(field, "Every file needs a name.");
                case AttachmentRules.Problem.TooLarge:
                    return new FieldError(field, "{0} is larger than {1}.", name, UploadAttachment.FormatSize(MaxBytes));
                case AttachmentRules.Problem.Empty:
                    return new FieldError(field, "{0} is empty.", name);
                case AttachmentRules.Problem.TypeNotAccepted:
                    return new FieldError(field, "{0}: this type of file is not accepted. Send images, PDF, text, Office documents or zip archives.", name);
                case AttachmentRules.Problem.ContentMismatch:
                    return new FieldError(field, "{0}: the file's content does not match its type.", name);
            }
        }
        return null;
    }
}
