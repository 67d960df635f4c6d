using Haumai.Web.Features.Calendars;

namespace Haumai.Web.Features.Sla;

/// <summary>
/// When a calendar or the holidays change, the stored due times and alarms of the open tickets
/// counting in that calendar (in any, for the holidays) are recomputed, in the background: the
/// admin's save answers at once, and a million tickets take their time. Changes that arrive
/// meanwhile are folded into one more pass.
/// </summary>
public sealed class RecomputeOnCalendarChange(StoredCalendars calendars, IServiceScopeFactory scopes, ILogger<RecomputeOnCalendarChange> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var token = calendars.GetChangeToken();
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (token.RegisterChangeCallback(_ => changed.TrySetResult(), null))
            using (stoppingToken.Register(() => changed.TrySetCanceled(stoppingToken)))
            {
                try
                {
                    await changed.Task;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            // Taken before the pass: a change made while it runs fires this one, and gets its own pass.
            token = calendars.GetChangeToken();
            // Only the tickets of the calendars that changed (all after a holiday change). A change
            // that lands between these two lines is in this pass and fires one more, which finds
            // nothing new to do.
            var changedCalendars = calendars.TakeChanged();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<TicketSla>().RecomputeOpenTicketsAsync(changedCalendars, stoppingToken);
                logger.LogInformation("Business calendars changed: {Count} open tickets got new SLA due times", count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                calendars.ReturnChanged(changedCalendars);
                logger.LogError(e, "Recomputing SLA due times after a calendar change failed; the next change or ticket update retries");
            }
        }
    }
}
