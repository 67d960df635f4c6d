using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Haumai.Mail.Imap;
using Haumai.Mail.Net;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// E1: one pass over a mailbox. Each new message is fetched, stored with its UID and UIDVALIDITY
/// (the mailbox's progress commits with it), processed, and only then marked \Seen or moved on the
/// server. Whatever a crash interrupts is finished by the next pass: a stored but unprocessed row is
/// processed, a processed one not yet marked is marked, and a message fetched but not stored is
/// fetched again (the unique mailbox+UID index and the Message-ID check stop a second copy).
/// </summary>
public static class PollMailbox
{
    /// <summary>Messages taken per pass: a mailbox with a backlog is worked through in steps, each committed.</summary>
    public const int BatchSize = 100;

    public sealed record Result(int Stored, int NewTickets, int Replies, int Ignored, int Parked, int MarkedOnServer);

    public sealed class Handler(
        HaumaiDb db,
        IngestMail.Handler ingest,
        MailboxSecrets secrets,
        TimeProvider clock,
        IOptions<InboundMailOptions> options,
        ILogger<Handler> logger)
    {
        /// <summary>Connects, makes one pass, logs out. What "check now" and the tests use; the poller keeps its connection open.</summary>
        public async Task<Result> PollOnceAsync(int mailboxId, CancellationToken ct)
        {
            await using var client = await ConnectAsync(mailboxId, ct);
            var result = await PollAsync(mailboxId, client, ct);
            await client.LogoutAsync(ct);
            return result;
        }

        /// <summary>Opens an authenticated connection with the mailbox's folder selected; records the error on the mailbox when that fails.</summary>
        public async Task<ImapClient> ConnectAsync(int mailboxId, CancellationToken ct)
        {
            var mailbox = await db.Set<Mailbox>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mailboxId, ct)
                ?? throw new InvalidOperationException($"There is no mailbox {mailboxId}.");
            var password = secrets.Unprotect(mailbox.ProtectedSecret);
            if (password is null)
            {
                var error = "The stored password cannot be decrypted (the data folder's keys changed): enter it again.";
                await RecordErrorAsync(mailboxId, error, ct);
                throw new InvalidOperationException(error);
            }
            ImapClient? client = null;
            try
            {
                client = await ImapClient.ConnectAsync(ClientOptions(mailbox), ct);
                await client.AuthenticateAsync(mailbox.UserName, password, ct);
                await client.SelectAsync(mailbox.Folder, ct);
                return client;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
                await RecordErrorAsync(mailboxId, Describe(e), ct);
                throw;
            }
        }

        private ImapClientOptions ClientOptions(Mailbox mailbox)
        {
            var o = options.Value;
            X509Certificate2Collection? trusted = null;
            if (!string.IsNullOrWhiteSpace(o.TrustedCertificatePath))
            {
                trusted = [X509CertificateLoader.LoadCertificateFromFile(o.TrustedCertificatePath)];
            }
            return new ImapClientOptions
            {
                Host = mailbox.Host,
                Port = mailbox.Port,
                Tls = mailbox.Tls,
                TrustedCertificates = trusted,
                // Passwords in clear text only where the operator (not a web admin) allowed it, for a server on loopback.
                AllowAuthenticationWithoutTls = o.AllowImapWithoutTls,
                ConnectTimeout = TimeSpan.FromSeconds(o.ImapTimeoutSeconds),
                CommandTimeout = TimeSpan.FromSeconds(o.ImapTimeoutSeconds * 4),
            };
        }

        /// <summary>One pass on an open connection whose folder is selected.</summary>
        public async Task<Result> PollAsync(int mailboxId, ImapClient client, CancellationToken ct)
        {
            var selected = client.SelectedMailbox ?? throw new InvalidOperationException("No folder is selected.");
            var mailbox = await db.Set<Mailbox>().FirstAsync(m => m.Id == mailboxId, ct);
            var firstPass = mailbox.UidValidity is null;
            if (mailbox.Opened(selected.UidValidity))
            {
                if (!firstPass)
                {
                    logger.LogWarning("Mailbox {Mailbox}: UIDVALIDITY changed to {UidValidity}; reading it from the start (repeats are caught by Message-ID)",
                        mailbox.Name, selected.UidValidity);
                }
                await db.SaveChangesAsync(ct);
            }
            long uidValidity = selected.UidValidity;
            var moveTo = mailbox.MoveToFolder;
            var lastUid = mailbox.LastUid;
            db.ChangeTracker.Clear();

            int stored = 0, created = 0, replies = 0, ignored = 0, parked = 0;

            // Rows a crash left between "stored" and "processed".
            var unprocessed = await db.Set<InboundMessage>().AsNoTracking()
                .Where(m => m.MailboxId == mailboxId && m.State == InboundState.Received)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var id in unprocessed)
            {
                Count(await ingest.ProcessAsync(id, ct));
                db.ChangeTracker.Clear();
            }

            // A new mailbox: what is already read there is the team's history, not new requests.
            var uids = await client.UidSearchAsync(
                firstPass ? "UNSEEN" : $"UID {(lastUid + 1).ToString(CultureInfo.InvariantCulture)}:*", ct);
            // "n:*" always matches the last message, even below n (RFC 3501 §6.4.8): filter.
            var fresh = uids.Where(u => u > lastUid).Order().Take(BatchSize).ToList();
            if (fresh.Count > 0)
            {
                var sizes = (await client.UidFetchSummariesAsync(fresh, ct)).ToDictionary(s => s.Uid, s => s.Size);
                foreach (var uid in fresh)
                {
                    if (!sizes.ContainsKey(uid))
                    {
                        continue; // expunged meanwhile
                    }
                    var row = await StoreAsync(mailboxId, client, uid, uidValidity, sizes[uid], ct);
                    db.ChangeTracker.Clear();
                    if (row is null)
                    {
                        continue;
                    }
                    stored++;
                    if (row.State == InboundState.Received)
                    {
                        Count(await ingest.ProcessAsync(row.Id, ct));
                        db.ChangeTracker.Clear();
                    }
                }
            }

            var marked = await FinishOnServerAsync(mailboxId, uidValidity, moveTo, client, ct);
            await db.Set<Mailbox>().Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastPolledAt, clock.GetUtcNow().UtcDateTime)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LastErrorAt, (DateTime?)null), ct);
            return new Result(stored, created, replies, ignored, parked, marked);

            void Count(IngestMail.Result r)
            {
                switch (r.Outcome)
                {
                    case IngestMail.Outcome.NewTicket: created++; break;
                    case IngestMail.Outcome.Reply: replies++; break;
                    case IngestMail.Outcome.Ignored: ignored++; break;
                    default: parked++; break;
                }
            }
        }

        /// <summary>
        /// Fetches one message and commits it with the mailbox's progress, in one SaveChanges. Null
        /// when a previous pass already stored this UID (it crashed before recording progress).
        /// </summary>
        private async Task<InboundMessage?> StoreAsync(int mailboxId, ImapClient client, uint uid, long uidValidity, long? size, CancellationToken ct)
        {
            if (await db.Set<InboundMessage>().AnyAsync(m => m.MailboxId == mailboxId && m.UidValidity == uidValidity && m.Uid == uid, ct))
            {
                await AdvanceAsync(mailboxId, uid, ct);
                return null;
            }
            var max = options.Value.MaxMessageBytes;
            var mailbox = await db.Set<Mailbox>().FirstAsync(m => m.Id == mailboxId, ct);
            mailbox.Stored(uid);
            if (size > max)
            {
                // Too big to take: parked with the reason and left unread on the server for a person to handle.
                var row = await ingest.StoreAsync([], InboundSource.Imap, ct, mailboxId, uid, uidValidity);
                row.Park($"The message is {size} bytes; at most {max} are accepted. It stays unread in the mailbox.", clock.GetUtcNow().UtcDateTime);
                row.RemoteDone(clock.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync(ct);
                return row;
            }
            using var buffer = new MemoryStream(size is { } known and > 0 ? (int)Math.Min(known, max) : 0);
            if (await client.UidFetchMessageAsync(uid, buffer, ct) is null)
            {
                await db.SaveChangesAsync(ct); // expunged meanwhile: move past it
                return null;
            }
            return await ingest.StoreAsync(buffer.ToArray(), InboundSource.Imap, ct, mailboxId, uid, uidValidity);
        }

        private Task AdvanceAsync(int mailboxId, long uid, CancellationToken ct) =>
            db.Set<Mailbox>().Where(m => m.Id == mailboxId && m.LastUid < uid).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, uid), ct);

        /// <summary>Marks \Seen (or moves) the messages whose ticket or reply has committed, or that were ignored.</summary>
        private async Task<int> FinishOnServerAsync(int mailboxId, long uidValidity, string? moveTo, ImapClient client, CancellationToken ct)
        {
            var done = await db.Set<InboundMessage>().AsNoTracking()
                .Where(m => m.MailboxId == mailboxId && m.UidValidity == uidValidity && m.RemoteDoneAt == null
                    && (m.State == InboundState.Processed || m.State == InboundState.Ignored) && m.Uid != null)
                .Select(m => new { m.Id, m.Uid }).Take(1000).ToListAsync(ct);
            if (done.Count == 0)
            {
                return 0;
            }
            var uids = done.Select(d => (uint)d.Uid!.Value).ToList();
            if (moveTo is null)
            {
                await client.AddFlagsAsync(uids, [ImapFlags.Seen], ct);
            }
            else
            {
                await client.UidMoveAsync(uids, moveTo, ct);
            }
            var ids = done.Select(d => d.Id).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Set<InboundMessage>().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.RemoteDoneAt, now), ct);
            return done.Count;
        }

        public async Task RecordErrorAsync(int mailboxId, string error, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var text = error.Length > Mailbox.MaxErrorLength ? error[..Mailbox.MaxErrorLength] : error;
            await db.Set<Mailbox>().Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.LastErrorAt, now), CancellationToken.None);
        }
    }

    /// <summary>An error as an admin can act on it: authentication, TLS, timeouts said plainly.</summary>
    public static string Describe(Exception e) =>
        Describe(e, (format, args) => string.Format(CultureInfo.InvariantCulture, format, args));

    /// <summary>
    /// The same, each wording passed through <paramref name="say"/>: the admin pages say it in the
    /// reader's language (the wordings are keys of AdminText), the log and the stored LastError in English.
    /// </summary>
    public static string Describe(Exception e, Func<string, object[], string> say) => e switch
    {
        ImapAuthenticationException => say("The server refused the user name or password: {0}", [e.Message]),
        MailSecurityException => say("TLS: {0}", [e.Message]),
        MailTimeoutException => say("Timed out: {0}", [e.Message]),
        System.Net.Sockets.SocketException s => say("Cannot connect ({0}): {1}", [s.SocketErrorCode, e.Message]),
        ImapNoException => say("The server said no: {0}", [e.Message]),
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
