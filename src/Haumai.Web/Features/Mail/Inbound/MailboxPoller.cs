using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// E1: reads every active mailbox, each on its own connection that stays open: a pass, then IDLE
/// until new mail arrives (or <see cref="InboundMailOptions.PollerOptions.PollSeconds"/> passes),
/// then another pass; plain polling on servers without IDLE. A failing mailbox is retried with a
/// growing pause and its error is shown to admins; the others go on. The list of mailboxes is read
/// again every <see cref="InboundMailOptions.PollerOptions.RefreshSeconds"/>, so adding, editing or
/// pausing one needs no restart. Each tick also processes messages left unprocessed by a dead
/// process (<see cref="RecoverInboundMessages"/>).
/// </summary>
public sealed class MailboxPoller(IServiceScopeFactory scopes, IOptions<InboundMailOptions> options, ILogger<MailboxPoller> logger)
    : BackgroundService
{
    private sealed record Running(DateTime UpdatedAt, CancellationTokenSource Stop, Task Task);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poller = options.Value.Poller;
        if (!poller.Enabled)
        {
            return;
        }
        var running = new Dictionary<int, Running>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, poller.RefreshSeconds)));
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(running, stoppingToken);
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<RecoverInboundMessages.Handler>()
                        .HandleAsync(TimeSpan.FromMinutes(poller.RecoverAfterMinutes), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The mailbox poller's round failed; it runs again in {Seconds} s", poller.RefreshSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var r in running.Values)
            {
                await r.Stop.CancelAsync();
            }
            await Task.WhenAll(running.Values.Select(r => r.Task));
            foreach (var r in running.Values)
            {
                r.Stop.Dispose();
            }
        }
    }

    private async Task RefreshAsync(Dictionary<int, Running> running, CancellationToken ct)
    {
        Dictionary<int, DateTime> active;
        await using (var scope = scopes.CreateAsyncScope())
        {
            active = await scope.ServiceProvider.GetRequiredService<HaumaiDb>().Set<Mailbox>().AsNoTracking()
                .Where(m => m.IsActive).ToDictionaryAsync(m => m.Id, m => m.UpdatedAt, ct);
        }
        foreach (var (id, r) in running.ToList())
        {
            // Paused, removed or edited (another host, password, folder): this connection stops; an edited one starts again below.
            if (!active.TryGetValue(id, out var updated) || updated != r.UpdatedAt || r.Task.IsCompleted)
            {
                await r.Stop.CancelAsync();
                await r.Task;
                r.Stop.Dispose();
                running.Remove(id);
            }
        }
        foreach (var (id, updated) in active)
        {
            if (!running.ContainsKey(id))
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                running[id] = new Running(updated, stop, Task.Run(() => RunAsync(id, stop.Token), CancellationToken.None));
            }
        }
    }

    private async Task RunAsync(int mailboxId, CancellationToken ct)
    {
        var pause = TimeSpan.FromSeconds(5);
        var wait = TimeSpan.FromSeconds(Math.Clamp(options.Value.Poller.PollSeconds, 5, 25 * 60));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                Haumai.Mail.Imap.ImapClient client;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    client = await scope.ServiceProvider.GetRequiredService<PollMailbox.Handler>().ConnectAsync(mailboxId, ct);
                }
                await using (client)
                {
                    pause = TimeSpan.FromSeconds(5);
                    while (!ct.IsCancellationRequested)
                    {
                        await using (var scope = scopes.CreateAsyncScope())
                        {
                            var handler = scope.ServiceProvider.GetRequiredService<PollMailbox.Handler>();
                            try
                            {
                                await handler.PollAsync(mailboxId, client, ct);
                            }
                            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                            {
                                await handler.RecordErrorAsync(mailboxId, PollMailbox.Describe(e), CancellationToken.None);
                                throw;
                            }
                        }
                        if (client.Supports("IDLE"))
                        {
                            await client.IdleAsync(wait, ct);
                        }
                        else
                        {
                            await Task.Delay(wait, ct);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Mailbox {MailboxId} failed; trying again in {Pause}", mailboxId, pause);
                try
                {
                    await Task.Delay(pause, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
    }
}
