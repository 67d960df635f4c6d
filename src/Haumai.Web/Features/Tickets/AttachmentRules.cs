namespace Haumai.Web.Features.Tickets;

/// <summary>
/// What a file must be to go on a ticket: a name, no larger than the limit, not empty, a declared
/// type on the allow-list, and first bytes that match that type. One place for the rules:
/// <see cref="UploadAttachment"/> applies them as it stores a file, and the portal applies them to
/// every file of a form before it saves anything. Callers say the problem in their own words.
/// </summary>
public static class AttachmentRules
{
    public enum Problem { None, NoName, TooLarge, Empty, TypeNotAccepted, ContentMismatch }

    /// <param name="FileName">The name the file is stored under (see <see cref="SafeFileName"/>).</param>
    /// <param name="ContentType">The declared type, without parameters, in lower case.</param>
    public sealed record Verdict(Problem Problem, string FileName, string ContentType);

    /// <summary>How many first bytes <see cref="FileSignatures"/> looks at.</summary>
    private const int HeadLength = 16;

    /// <summary>The first problem with the file, in the order above; reads only the file's first bytes.</summary>
    public static async Task<Verdict> CheckAsync(IFormFile file, AttachmentOptions options, CancellationToken ct)
    {
        var fileName = SafeFileName(file.FileName);
        var contentType = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (fileName.Length == 0)
        {
            return new Verdict(Problem.NoName, fileName, contentType);
        }
        if (file.Length > options.MaxBytes)
        {
            return new Verdict(Problem.TooLarge, fileName, contentType);
        }
        if (file.Length == 0)
        {
            return new Verdict(Problem.Empty, fileName, contentType);
        }
        if (!options.AllowedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            return new Verdict(Problem.TypeNotAccepted, fileName, contentType);
        }
        var head = new byte[HeadLength];
        int read;
        await using (var stream = file.OpenReadStream())
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        return FileSignatures.Matches(contentType, head.AsSpan(0, read))
            ? new Verdict(Problem.None, fileName, contentType)
            : new Verdict(Problem.ContentMismatch, fileName, contentType);
    }

    /// <summary>
    /// The client's name without its folders, characters file systems or headers choke on, and
    /// anything past 255 characters (the end is kept: it has the extension). Empty when nothing is left.
    /// </summary>
    public static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = new string(baseName.Where(c => !char.IsControl(c) && c is not ('/' or '\\' or ':' or '"' or '<' or '>' or '|' or '*' or '?')).ToArray()).Trim();
        return cleaned.Length > 255 ? cleaned[^255..] : cleaned;
    }
}
