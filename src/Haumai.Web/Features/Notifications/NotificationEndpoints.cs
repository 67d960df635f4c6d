using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Notifications;

/// <summary>The signed-in person's notifications: only delivered ones, newest first.</summary>
public static class NotificationEndpoints
{
    public const int MaxLimit = 200;

    public sealed record NotificationResponse(long Id, string Kind, string Title, string? Body, long? TicketId, bool Urgent, DateTime CreatedAt, DateTime DeliveredAt, DateTime? ReadAt);

    public sealed record NotificationPage(IReadOnlyList<NotificationResponse> Items, int Unread);

    public static IServiceCollection AddNotifications(this IServiceCollection services) =>
        services.AddScoped<NotificationCenter>();

    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(AuthSetup.ApiPolicy);

        group.MapGet("/", async Task<Results<Ok<NotificationPage>, ValidationProblem>> (bool? unread, int? limit, CurrentUser user, HaumaiDb db, TimeProvider clock, CancellationToken ct) =>
        {
            if (limit is < 1 or > MaxLimit)
            {
                return Validation.Problem("limit", $"Limit is 1 to {MaxLimit}.");
            }
            var me = user.Id;
            var now = clock.GetUtcNow().UtcDateTime;
            var delivered = db.Notifications.AsNoTracking().Where(n => n.UserId == me && n.DeliverAfter <= now);
            var items = await (unread == true ? delivered.Where(n => n.ReadAt == null) : delivered)
                .OrderByDescending(n => n.Id)
                .Take(limit ?? 50)
                .Select(n => new NotificationResponse(n.Id, n.Kind, n.Title, n.Body, n.TicketId, n.Urgent, n.CreatedAt, n.DeliverAfter, n.ReadAt))
                .ToListAsync(ct);
            var count = await delivered.CountAsync(n => n.ReadAt == null, ct);
            return TypedResults.Ok(new NotificationPage(items, count));
        }).WithName("ListNotifications");

        group.MapPost("/{id:long}/read", async Task<Results<NoContent, ProblemHttpResult>> (long id, CurrentUser user, HaumaiDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var me = user.Id;
            var now = clock.GetUtcNow().UtcDateTime;
            var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == me && n.DeliverAfter <= now, ct);
            if (notification is null)
            {
                return Problems.NotFoundResult($"There is no notification {id}.");
            }
            notification.MarkRead(now);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }).WithName("ReadNotification");

        group.MapPost("/read-all", async (CurrentUser user, HaumaiDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var me = user.Id;
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Notifications.Where(n => n.UserId == me && n.DeliverAfter <= now && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
            return TypedResults.NoContent();
        }).WithName("ReadAllNotifications");

        return app;
    }
}
