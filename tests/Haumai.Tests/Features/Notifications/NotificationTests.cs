using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Notifications;

/// <summary>When a notification reaches its recipient: now if urgent or at work, else the next working hour.</summary>
public sealed class DeliveryTimeTests
{
    private static readonly BusinessCalendar Office = BusinessCalendar.OfficeHours([new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 1)]);

    [Fact]
    public void Someone_at_work_gets_it_now()
    {
        var tuesday10 = new DateTime(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc); // 10:00 +07:00
        NotificationCenter.DeliveryTime(tuesday10, [Office]).ShouldBe(tuesday10);
    }

    [Fact]
    public void Someone_off_duty_gets_it_at_the_next_opening()
    {
        var saturday10 = new DateTime(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc); // Sat 10:00 +07:00
        // Monday 30/11 08:30 +07:00 = 01:30 UTC
        NotificationCenter.DeliveryTime(saturday10, [Office]).ShouldBe(new DateTime(2026, 11, 30, 1, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Holidays_are_skipped_and_the_earliest_team_wins()
    {
        var wednesdayNight = new DateTime(2026, 4, 29, 13, 0, 0, DateTimeKind.Utc); // Wed 29/4 20:00 +07:00
        // 30/4 and 1/5 are holidays, 2-3/5 the weekend: Monday 4/5 08:30 +07:00.
        NotificationCenter.DeliveryTime(wednesdayNight, [Office]).ShouldBe(new DateTime(2026, 5, 4, 1, 30, 0, DateTimeKind.Utc));
        NotificationCenter.DeliveryTime(wednesdayNight, [Office, BusinessCalendar.TwentyFourSeven]).ShouldBe(wednesdayNight);
    }

    [Fact]
    public void Someone_in_no_team_gets_it_now()
    {
        var any = new DateTime(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc);
        NotificationCenter.DeliveryTime(any, []).ShouldBe(any);
    }
}

public abstract class NotificationApiTests(HaumaiFactory app)
{
    private Task<long> NotifyAsync(int userId, string title, bool urgent) =>
        app.WithScopeAsync(async sp =>
        {
            var notification = await sp.GetRequiredService<NotificationCenter>().NotifyAsync(userId, null, NotificationKinds.SlaWarning, title, null, urgent, default);
            await sp.GetRequiredService<Haumai.Web.Data.HaumaiDb>().SaveChangesAsync();
            return notification.Id;
        });

    [Fact]
    public async Task A_delivered_notification_is_listed_read_and_private()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("technical", agent.Id); // 24x7: always at work
        var other = await app.CreateUserAsync(Role.Agent);
        var id = await NotifyAsync(agent.Id, "Yêu cầu #10001 sắp quá hạn phản hồi", urgent: false);

        var page = await (await agent.Client.GetAsync("/api/v1/notifications")).ReadJsonAsync();
        page["items"]!.AsArray().Select(n => (long)n!["id"]!).ShouldContain(id);
        ((int)page["unread"]!).ShouldBeGreaterThanOrEqualTo(1);

        (await other.Client.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.Client.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var unread = await (await agent.Client.GetAsync("/api/v1/notifications?unread=true")).ReadJsonAsync();
        unread["items"]!.AsArray().Select(n => (long)n!["id"]!).ShouldNotContain(id);
        (await (await other.Client.GetAsync("/api/v1/notifications")).ReadJsonAsync())["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_off_duty_agent_gets_it_at_the_next_working_hour_unless_urgent()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("sales", agent.Id); // office hours
        var office = (await app.WithScopeAsync(sp => sp.GetRequiredService<ICalendarSource>().FindAsync(ICalendarSource.OfficeHours).AsTask()))!;
        var urgent = await NotifyAsync(agent.Id, "Khẩn cấp", urgent: true);
        var normal = await NotifyAsync(agent.Id, "Có thể chờ", urgent: false);

        var now = app.Clock.GetUtcNow().UtcDateTime;
        var seen = (await (await agent.Client.GetAsync("/api/v1/notifications")).ReadJsonAsync())["items"]!.AsArray().Select(n => (long)n!["id"]!).ToList();
        seen.ShouldContain(urgent);
        if (office.IsOpen(now))
        {
            seen.ShouldContain(normal);
            return;
        }
        seen.ShouldNotContain(normal);
        app.Clock.Advance(office.NextOpening(now) - now + TimeSpan.FromSeconds(1));
        var later = (await (await agent.Client.GetAsync("/api/v1/notifications")).ReadJsonAsync())["items"]!.AsArray().Select(n => (long)n!["id"]!).ToList();
        later.ShouldContain(normal);
    }

    [Fact]
    public async Task A_bad_limit_is_a_400_naming_it()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var response = await agent.Client.GetAsync("/api/v1/notifications?limit=0");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("limit").ShouldBeTrue();
    }
}

[Collection("sqlite")]
public sealed class SqliteNotificationApiTests(SqliteApp app) : NotificationApiTests(app);

[Collection("postgres")]
public sealed class PostgresNotificationApiTests(PostgresApp app) : NotificationApiTests(app);
