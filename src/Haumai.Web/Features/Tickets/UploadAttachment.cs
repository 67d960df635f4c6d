using System.Security.Cryptography;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// Stores a file for a ticket: streamed to the data folder under a random name (never the
/// client's), once it passes <see cref="AttachmentRules"/> (declared type on the allow-list and
/// matching the file's first bytes), its record saved only once the bytes are safely on disk.
/// </summary>
public static class UploadAttachment
{
    public enum Outcome { Stored, NotFound, TooLarge, Invalid }

    /// <summary>"20 MB", "1.5 MB", "1 KB": never "0 MB" for a limit under a megabyte.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{Math.Round(bytes / (1024.0 * 1024), 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} MB",
        >= 1024 => $"{Math.Round(bytes / 1024.0, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes} bytes",
    };

    public sealed class Handler(HaumaiDb db, CurrentUser user, TicketAccess access, TimeProvider clock,
        IOptions<AttachmentOptions> options, IOptions<StorageOptions> storage)
    {
        public async Task<(Outcome Outcome, TicketAttachment? Attachment, string? Error)> HandleAsync(long ticketId, IFormFile file, CancellationToken ct)
        {
            var ticket = await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
            if (ticket is null)
            {
                return (Outcome.NotFound, null, null);
            }
            var (problem, fileName, contentType) = await AttachmentRules.CheckAsync(file, options.Value, ct);
            switch (problem)
            {
                case AttachmentRules.Problem.NoName:
                    return (Outcome.Invalid, null, "The file needs a name.");
                case AttachmentRules.Problem.TooLarge:
                    return (Outcome.TooLarge, null, $"The file is larger than {FormatSize(options.Value.MaxBytes)}.");
                case AttachmentRules.Problem.Empty:
                    return (Outcome.Invalid, null, "The file is empty.");
                case AttachmentRules.Problem.TypeNotAccepted:
                    return (Outcome.Invalid, null, $"Files of type '{contentType}' are not accepted.");
                case AttachmentRules.Problem.ContentMismatch:
                    return (Outcome.Invalid, null, $"The file's content is not {contentType}.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var key = Path.Combine(now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
                now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), Guid.CreateVersion7().ToString("N"));
            var path = Path.Combine(storage.Value.AttachmentsDirectory, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string sha;
            await using (var source = file.OpenReadStream())
            {
                await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int n;
                while ((n = await source.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                await target.FlushAsync(ct);
                target.Flush(flushToDisk: true);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var attachment = new TicketAttachment(ticketId, user.Id, fileName, contentType, file.Length, sha, key.Replace('\\', '/'), now);
            db.TicketAttachments.Add(attachment);
            ticket.RecordAttachment(attachment, user.Id, now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch
            {
                File.Delete(path);
                throw;
            }
            return (Outcome.Stored, attachment, null);
        }
    }
}

/// <summary>
/// The first bytes that files of a type must start with. A declared type whose bytes say
/// otherwise (an executable sent as image/png) is refused. Types with no fixed signature (text)
/// must at least not be binary.
/// </summary>
public static class FileSignatures
{
    public static bool Matches(string contentType, ReadOnlySpan<byte> head) => contentType switch
    {
        "image/png" => head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
        "image/jpeg" => head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        "image/gif" => head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8),
        "image/webp" => head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        "application/pdf" => head.StartsWith("%PDF-"u8),
        "application/zip"
            or "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            or "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            or "application/vnd.openxmlformats-officedocument.presentationml.presentation" => head.StartsWith("PK\u0003\u0004"u8),
        "application/msword" or "application/vnd.ms-excel" or "application/vnd.ms-powerpoint" =>
            head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }),
        "text/plain" or "text/csv" or "message/rfc822" => !head.Contains((byte)0) && !head.StartsWith("MZ"u8) && !head.StartsWith("\u007fELF"u8),
        _ => false,
    };
}
