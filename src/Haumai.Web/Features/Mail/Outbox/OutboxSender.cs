using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Haumai.Mail.Net;
using Haumai.Mail.Smtp;
using Haumai.Web.Data;
using Haumai.Web.Features.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Outbox;

/// <summary>
/// E4: sends the outbox through the configured SMTP server. Every few seconds it claims the mail
/// that is due, one row at a time by a conditional update (as <see cref="SlaAlarmScanner"/> does),
/// so two nodes never send the same row at once; a claim pushes the row's next attempt out by a
/// lease, so a node that dies mid-send leaves it to be sent again later, not lost. An accepted mail
/// is marked sent; a temporary refusal or a connection failure is retried with back-off; a
/// permanent refusal marks it failed and says so in the ticket's history.
/// </summary>
public sealed class OutboxSender(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxSender> logger)
    : BackgroundService
{
    public const string MailFailedEvent = "mail_failed";
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Outbox.IntervalSeconds;
        if (!options.Value.Enabled || interval <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval));
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged and tried again at the next tick: the rows keep their state.
                logger.LogError(e, "The outbox run failed; it runs again in {Seconds} s", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Tries every mail due by now once; returns how many the server accepted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<HaumaiDb>().Set<OutboundMail>().AsNoTracking()
                .Where(m => m.State == OutboundMailState.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Select(m => m.Id).Take(Batch).ToListAsync(ct);
        }
        var sent = 0;
        SmtpClient? smtp = null;
        try
        {
            foreach (var id in due)
            {
                try
                {
                    var (accepted, connection) = await SendOneAsync(id, smtp, ct);
                    smtp = connection;
                    sent += accepted ? 1 : 0;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The row keeps its lease and is tried again when it runs out.
                    logger.LogError(e, "Outbound mail {MailId} could not be processed", id);
                    smtp = await DropAsync(smtp);
                }
            }
        }
        finally
        {
            if (smtp is not null)
            {
                try
                {
                    await smtp.QuitAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or SocketException or MailTimeoutException or SmtpCommandException)
                {
                    // The mail is already accepted; a QUIT that fails changes nothing.
                }
                await smtp.DisposeAsync();
            }
        }
        return sent;
    }

    /// <summary>Claims, renders if needed, sends and records the outcome of one mail; returns the connection to reuse.</summary>
    private async Task<(bool Accepted, SmtpClient? Smtp)> SendOneAsync(long id, SmtpClient? smtp, CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<HaumaiDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = now.AddMinutes(Math.Max(1, o.Outbox.ClaimMinutes));
        OutboundMail mail;
        await using (var tx = await db.BeginWriteTransactionAsync(ct))
        {
            var claimed = await db.Set<OutboundMail>()
                .Where(m => m.Id == id && m.State == OutboundMailState.Pending && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, lease).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0)
            {
                return (false, smtp); // another node (or run) has it
            }
            mail = await db.Set<OutboundMail>().FirstAsync(m => m.Id == id, ct);
            if (mail.RawMessage is null)
            {
                // An acknowledgement (its ticket has a number now) or an ETA notice (with the ETA of now).
                var ticket = await db.Tickets.FirstAsync(t => t.Id == mail.TicketId, ct);
                if (mail.Kind == OutboundMailKind.EtaChanged && await EtaNoticeObsoleteAsync(db, mail, ticket, ct) is { } obsolete)
                {
                    mail.Cancel(obsolete);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return (false, smtp);
                }
                var requester = await OutboxMail.Requester(db, ticket.RequesterId, ct);
                if (requester is null)
                {
                    mail.MarkFailed("The requester has no email address.");
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return (false, smtp);
                }
                mail.Address(requester.Email);
                var sla = ticket.IsOpen ? await sp.GetRequiredService<TicketSla>().ForTicketAsync(ticket, ct) : null;
                await OutboxMail.RenderAsync(db, mail, ticket, requester, null, sla, now, ct);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }

        try
        {
            smtp ??= await ConnectAsync(o, ct);
            using var raw = new MemoryStream(mail.RawMessage!, writable: false);
            var result = await smtp.SendAsync(o.From ?? "", mail.Recipients, raw, ct);
            if (result.Sent && result.Refused.Any())
            {
                // The requester got it; a participant's address that bounces is not worth failing the reply for.
                logger.LogWarning("Outbound mail {MailId}: participants refused: {Refused}", mail.Id,
                    string.Join(", ", result.Refused.Select(r => $"{r.Address}: {r.Reply}")));
            }
            if (!result.Sent && result.Refused.FirstOrDefault() is { } refused)
            {
                // The one recipient refused at RCPT (a 550 "user unknown", a 452 "mailbox full"):
                // the client reports it in the result, the outcome is decided like any refusal.
                throw refused.Reply.Kind == SmtpReplyKind.Transient
                    ? new SmtpTransientException("RCPT TO", refused.Reply)
                    : new SmtpPermanentException("RCPT TO", refused.Reply);
            }
        }
        catch (SmtpPermanentException e) when (e is not SmtpAuthenticationException)
        {
            await FailAsync(db, mail, e.Message, ct);
            logger.LogWarning("Outbound mail {MailId} to ticket {TicketId} refused for good: {Error}", mail.Id, mail.TicketId, e.Message);
            return (false, await ResetOrDropAsync(smtp));
        }
        catch (Exception e) when (IsTemporary(e))
        {
            // A 4xx, a server down or slow, bad credentials or a missing extension (configuration,
            // to be fixed by an admin): the same mail may go through later.
            var attempts = mail.Attempts; // already counts this attempt (the claim did)
            if (attempts >= o.Outbox.MaxAttempts)
            {
                await FailAsync(db, mail, $"Gave up after {attempts} attempts: {e.Message}", ct);
            }
            else
            {
                mail.Retry(clock.GetUtcNow().UtcDateTime + OutboundMail.Backoff(attempts), e.Message);
                await db.SaveChangesAsync(ct);
            }
            logger.LogWarning("Outbound mail {MailId} not sent (attempt {Attempts}): {Error}", mail.Id, attempts, e.Message);
            return (false, e is SmtpTransientException ? await ResetOrDropAsync(smtp) : await DropAsync(smtp));
        }
        mail.MarkSent(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return (true, smtp);
    }

    private static bool IsTemporary(Exception e) =>
        e is SmtpTransientException or SmtpAuthenticationException or SmtpNotSupportedException or MailSecurityException
            or IOException or SocketException or TimeoutException or System.Security.Authentication.AuthenticationException;

    /// <summary>Marks the mail failed and writes it into the ticket's history, in one transaction.</summary>
    private async Task FailAsync(HaumaiDb db, OutboundMail mail, string error, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        mail.MarkFailed(error);
        var ticket = await db.Tickets.FirstAsync(t => t.Id == mail.TicketId, ct);
        ticket.RecordSystemEvent(MailFailedEvent, new { mailId = mail.Id, kind = mail.Kind, to = mail.To, messageId = mail.MessageId, error = mail.LastError },
            clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Why an ETA notice is no longer worth sending, or null: a later notice will say the newer ETA, or the ticket has none now.</summary>
    private static async Task<string?> EtaNoticeObsoleteAsync(HaumaiDb db, OutboundMail mail, Tickets.Ticket ticket, CancellationToken ct)
    {
        if (!ticket.IsOpen || ticket.EtaAt is null)
        {
            return "The ticket has no ETA any more.";
        }
        var (ticketId, id) = (mail.TicketId, mail.Id);
        return await db.Set<OutboundMail>().AnyAsync(m => m.TicketId == ticketId && m.Id > id
                && m.Kind == OutboundMailKind.EtaChanged && m.State == OutboundMailState.Pending, ct)
            ? "Superseded by a later ETA notice."
            : null;
    }

    private async Task<SmtpClient> ConnectAsync(OutboxOptions o, CancellationToken ct)
    {
        var s = o.Smtp;
        if (string.IsNullOrWhiteSpace(s.Host))
        {
            throw new IOException("Mail:Smtp:Host is not configured.");
        }
        X509Certificate2Collection? trusted = null;
        if (!string.IsNullOrWhiteSpace(s.TrustedCertificatePath))
        {
            trusted = [X509CertificateLoader.LoadCertificateFromFile(s.TrustedCertificatePath)];
        }
        var client = await SmtpClient.ConnectAsync(new SmtpClientOptions
        {
            Host = s.Host,
            Port = s.Port,
            Tls = s.Tls,
            TrustedCertificates = trusted,
            LocalDomain = s.LocalDomain,
            ConnectTimeout = TimeSpan.FromSeconds(s.TimeoutSeconds),
            CommandTimeout = TimeSpan.FromSeconds(s.TimeoutSeconds * 2),
        }, ct);
        try
        {
            if (!string.IsNullOrEmpty(s.User))
            {
                await client.AuthenticateAsync(s.User, s.Password ?? "", ct);
            }
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>After a refused mail the connection is still good once reset (RSET); otherwise it is dropped.</summary>
    private async Task<SmtpClient?> ResetOrDropAsync(SmtpClient? smtp)
    {
        if (smtp is not { IsConnected: true })
        {
            return await DropAsync(smtp);
        }
        try
        {
            await smtp.ResetAsync(CancellationToken.None);
            return smtp;
        }
        catch (Exception e) when (IsTemporary(e) || e is SmtpCommandException)
        {
            return await DropAsync(smtp);
        }
    }

    private static async Task<SmtpClient?> DropAsync(SmtpClient? smtp)
    {
        if (smtp is not null)
        {
            await smtp.DisposeAsync();
        }
        return null;
    }
}
