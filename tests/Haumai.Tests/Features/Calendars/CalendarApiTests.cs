using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.Tests.Features.Calendars;

/// <summary>
/// The business calendar API end to end (S1), once per database provider. The seeded calendars are
/// shared with every other test of the collection, so tests only read them; what a test changes it
/// creates itself.
/// </summary>
public abstract class CalendarApiTests(HaumaiFactory app)
{
    private static string Slug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string Due(string slug, string from, long minutes) =>
        $"/api/v1/calendars/{slug}/due?from={Uri.EscapeDataString(from)}&minutes={minutes}";

    private async Task<TestUser> CustomerAsync()
    {
        var org = await app.CreateOrganizationAsync();
        return await app.CreateUserAsync(Role.Customer, org.Slug);
    }

    private static async Task<string> DueAsync(TestUser user, string slug, string from, long minutes)
    {
        var response = await user.Client.GetAsync(Due(slug, from, minutes));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (string)(await response.ReadJsonAsync())["due"]!;
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    [Fact]
    public async Task The_two_seeded_calendars_are_listed_with_their_hours_to_any_signed_in_user()
    {
        var customer = await CustomerAsync();

        var response = await customer.Client.GetAsync("/api/v1/calendars");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var calendars = (await response.ReadJsonAsync()).AsArray();
        var always = calendars.Single(c => (string)c!["slug"]! == "24x7")!;
        var office = calendars.Single(c => (string)c!["slug"]! == "office-hours")!;
        ((string)always["timeZone"]!).ShouldBe("Asia/Ho_Chi_Minh");
        ((string)office["timeZone"]!).ShouldBe("Asia/Ho_Chi_Minh");
        ((string)office["name"]!).ShouldBe("Giờ hành chính");
        ((string)office["nameEn"]!).ShouldBe("Office hours");
        ((bool)always["vietnameseHolidays"]!).ShouldBeFalse();
        ((bool)office["vietnameseHolidays"]!).ShouldBeTrue();
        string[] week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        always["hours"]!.AsObject().Select(p => p.Key).ShouldBe(week);
        foreach (var day in week)
        {
            Strings(always["hours"]![day]).ShouldBe(["00:00-24:00"]);
            Strings(office["hours"]![day]).ShouldBe(day is "saturday" or "sunday" ? [] : ["08:30-18:00"]);
        }

        var detail = await (await customer.Client.GetAsync("/api/v1/calendars/office-hours")).ReadJsonAsync();
        detail["closures"]!.AsArray().ShouldBeEmpty();
        detail["makeUpDays"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_2026_holidays_of_office_hours_are_the_Labor_Code_days_and_24x7_has_none()
    {
        var customer = await CustomerAsync();

        var response = await customer.Client.GetAsync("/api/v1/calendars/office-hours/holidays?year=2026");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var holidays = (await response.ReadJsonAsync()).AsArray();
        var dates = holidays.Select(h => (string)h!["date"]!).ToList();
        dates.ShouldBe(
        [
            "2026-01-01",
            "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
            "2026-04-26", "2026-04-27",
            "2026-04-30", "2026-05-01",
            "2026-09-01", "2026-09-02",
        ]);
        var hungKings = holidays.Single(h => (string)h!["date"]! == "2026-04-26")!;
        ((string)hungKings["key"]!).ShouldBe("hung-kings");
        ((string)hungKings["name"]!).ShouldBe("Giỗ Tổ Hùng Vương");
        ((string)hungKings["nameEn"]!).ShouldBe("Hùng Kings' Commemoration Day");
        ((string)hungKings["kind"]!).ShouldBe("lunar");
        ((string)holidays.Single(h => (string)h!["date"]! == "2026-04-27")!["kind"]!).ShouldBe("compensatory");
        ((string)holidays.Single(h => (string)h!["date"]! == "2026-09-01")!["key"]!).ShouldBe("national-day-adjacent");
        ((string)holidays.Single(h => (string)h!["date"]! == "2026-09-02")!["kind"]!).ShouldBe("fixed");

        var always = await customer.Client.GetAsync("/api/v1/calendars/24x7/holidays?year=2026");
        always.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await always.ReadJsonAsync()).AsArray().ShouldBeEmpty();
    }

    /// <summary>
    /// Friday 13/2/2026 17:00 + 4 business hours: one hour on Friday, then the weekend, Tết (16-20/2)
    /// and the next weekend, then three hours from Monday 23/2 08:30. On 24x7: four hours later.
    /// </summary>
    [Fact]
    public async Task Due_times_cross_Tet_on_office_hours_and_run_straight_on_24x7_in_the_calendars_offset()
    {
        var customer = await CustomerAsync();

        var office = await customer.Client.GetAsync(Due("office-hours", "2026-02-13T17:00:00+07:00", 240));
        (await office.Content.ReadAsStringAsync()).ShouldBe("{\"due\":\"2026-02-23T11:30:00+07:00\"}");
        (await DueAsync(customer, "24x7", "2026-02-13T17:00:00+07:00", 240)).ShouldBe("2026-02-13T21:00:00+07:00");

        // The same instant given in UTC, or with the '+' left unescaped (it arrives as a space), answers the same.
        (await DueAsync(customer, "office-hours", "2026-02-13T10:00:00Z", 240)).ShouldBe("2026-02-23T11:30:00+07:00");
        var unescaped = await customer.Client.GetAsync("/api/v1/calendars/office-hours/due?from=2026-02-13T17:00:00+07:00&minutes=240");
        ((string)(await unescaped.ReadJsonAsync())["due"]!).ShouldBe("2026-02-23T11:30:00+07:00");

        // Zero minutes from a closed moment is the next opening.
        (await DueAsync(customer, "office-hours", "2026-02-21T10:00:00+07:00", 0)).ShouldBe("2026-02-23T08:30:00+07:00");
    }

    [Fact]
    public async Task An_unknown_slug_is_a_404_problem()
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        foreach (var url in new[]
        {
            "/api/v1/calendars/no-such-calendar",
            "/api/v1/calendars/no-such-calendar/holidays?year=2026",
            Due("no-such-calendar", "2026-02-13T17:00:00+07:00", 60),
        })
        {
            var response = await admin.Client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        var put = await admin.Client.PutAsJsonAsync("/api/v1/calendars/no-such-calendar", LunchBreakCalendar(null));
        put.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var closure = await admin.Client.PostAsJsonAsync("/api/v1/calendars/no-such-calendar/closures",
            new { start = "2026-03-03T08:00", end = "2026-03-03T12:00" });
        closure.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/calendars/office-hours/due?from=2026-02-13T17:00:00&minutes=60", "from")]
    [InlineData("/api/v1/calendars/office-hours/due?from=13/02/2026%2017:00&minutes=60", "from")]
    [InlineData("/api/v1/calendars/office-hours/due?minutes=60", "from")]
    [InlineData("/api/v1/calendars/office-hours/due?from=2026-02-13T17:00:00%2B07:00&minutes=-5", "minutes")]
    [InlineData("/api/v1/calendars/office-hours/due?from=2026-02-13T17:00:00%2B07:00&minutes=99999999999", "minutes")]
    [InlineData("/api/v1/calendars/office-hours/due?from=2026-02-13T17:00:00%2B07:00&minutes=ten", "minutes")]
    [InlineData("/api/v1/calendars/office-hours/due?from=2026-02-13T17:00:00%2B07:00", "minutes")]
    [InlineData("/api/v1/calendars/office-hours/holidays", "year")]
    [InlineData("/api/v1/calendars/office-hours/holidays?year=1899", "year")]
    [InlineData("/api/v1/calendars/office-hours/holidays?year=2200", "year")]
    [InlineData("/api/v1/calendars/office-hours/holidays?year=twenty", "year")]
    public async Task A_bad_query_is_a_400_problem_naming_the_field(string url, string field)
    {
        var customer = await CustomerAsync();

        var response = await customer.Client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
    }

    [Fact]
    public async Task Agents_and_customers_get_403_on_the_admin_endpoints_and_nothing_changes()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var customer = await CustomerAsync();
        var slug = Slug("cam");
        (await admin.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar(slug))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var closure = await (await admin.Client.PostAsJsonAsync($"/api/v1/calendars/{slug}/closures",
            new { start = "2026-03-03T08:00", end = "2026-03-03T12:00" })).ReadJsonAsync();

        foreach (var user in new[] { agent, customer })
        {
            HttpResponseMessage[] responses =
            [
                await user.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar(Slug("cam"))),
                await user.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}", LunchBreakCalendar(slug) with { Name = "Đổi tên" }),
                await user.Client.PostAsJsonAsync($"/api/v1/calendars/{slug}/closures", new { start = "2026-03-04T08:00", end = "2026-03-04T12:00" }),
                await user.Client.DeleteAsync($"/api/v1/calendars/{slug}/closures/{(int)closure["id"]!}"),
                await user.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}/make-up-days/2026-03-07", new { hours = new[] { "08:00-12:00" } }),
                await user.Client.DeleteAsync($"/api/v1/calendars/{slug}/make-up-days/2026-03-07"),
            ];
            foreach (var response in responses)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}");
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            }
        }

        var detail = await (await agent.Client.GetAsync($"/api/v1/calendars/{slug}")).ReadJsonAsync();
        ((string)detail["name"]!).ShouldBe("Kỹ thuật tại Cà Mau");
        detail["closures"]!.AsArray().Count.ShouldBe(1);
        detail["makeUpDays"]!.AsArray().ShouldBeEmpty();
    }

    /// <summary>
    /// Monday to Friday 08:00-12:00 and 13:30-17:30. Monday 2/3/2026 11:00 + 120 minutes: one hour
    /// before lunch, one after it (14:30). A closure on Tuesday morning, a make-up Saturday and its
    /// removal each change the next answer at once.
    /// </summary>
    [Fact]
    public async Task A_calendar_with_a_lunch_break_created_by_an_admin_computes_due_times_across_it()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var slug = Slug("cam");

        var created = await admin.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar(slug));

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/calendars/{slug}");
        var calendar = await created.ReadJsonAsync();
        Strings(calendar["hours"]!["monday"]).ShouldBe(["08:00-12:00", "13:30-17:30"]);
        Strings(calendar["hours"]!["saturday"]).ShouldBeEmpty();
        (await DueAsync(admin, slug, "2026-03-02T11:00:00+07:00", 120)).ShouldBe("2026-03-02T14:30:00+07:00");
        (await DueAsync(admin, slug, "2026-03-02T12:15:00+07:00", 30)).ShouldBe("2026-03-02T14:00:00+07:00");

        var closure = await admin.Client.PostAsJsonAsync($"/api/v1/calendars/{slug}/closures",
            new { start = "2026-03-03T00:00", end = "2026-03-03T12:00", reason = "Diễn tập phòng cháy" });
        closure.StatusCode.ShouldBe(HttpStatusCode.Created, await closure.Content.ReadAsStringAsync());
        // Monday 17:00 + 60: half an hour on Monday, Tuesday morning closed, then 13:30 + 30.
        (await DueAsync(admin, slug, "2026-03-02T17:00:00+07:00", 60)).ShouldBe("2026-03-03T14:00:00+07:00");

        var makeUp = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}/make-up-days/2026-03-07",
            new { hours = new[] { "08:00-12:00" }, reason = "Làm bù" });
        makeUp.StatusCode.ShouldBe(HttpStatusCode.OK, await makeUp.Content.ReadAsStringAsync());
        // Friday 17:00 + 90: half an hour on Friday, an hour on the make-up Saturday.
        (await DueAsync(admin, slug, "2026-03-06T17:00:00+07:00", 90)).ShouldBe("2026-03-07T09:00:00+07:00");

        var detail = await (await admin.Client.GetAsync($"/api/v1/calendars/{slug}")).ReadJsonAsync();
        var stored = detail["closures"]!.AsArray().Single()!;
        ((string)stored["start"]!).ShouldBe("2026-03-03T00:00");
        ((string)stored["end"]!).ShouldBe("2026-03-03T12:00");
        ((string)stored["reason"]!).ShouldBe("Diễn tập phòng cháy");
        var day = detail["makeUpDays"]!.AsArray().Single()!;
        ((string)day["date"]!).ShouldBe("2026-03-07");
        Strings(day["hours"]).ShouldBe(["08:00-12:00"]);

        (await admin.Client.DeleteAsync($"/api/v1/calendars/{slug}/make-up-days/2026-03-07")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await DueAsync(admin, slug, "2026-03-06T17:00:00+07:00", 90)).ShouldBe("2026-03-09T09:00:00+07:00");
        (await admin.Client.DeleteAsync($"/api/v1/calendars/{slug}/closures/{(int)stored["id"]!}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await DueAsync(admin, slug, "2026-03-02T17:00:00+07:00", 60)).ShouldBe("2026-03-03T08:30:00+07:00");
        (await admin.Client.DeleteAsync($"/api/v1/calendars/{slug}/closures/{(int)stored["id"]!}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Updating_a_calendar_changes_its_zone_hours_and_due_times_but_never_its_slug()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var slug = Slug("berlin");
        (await admin.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar(slug))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var updated = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}", new
        {
            name = "Chi nhánh Berlin",
            nameEn = "Berlin branch",
            timeZone = "Europe/Berlin",
            hours = new Dictionary<string, string[]> { ["Monday"] = ["09:00-17:00"], ["friday"] = ["09:00-13:00"] },
            vietnameseHolidays = false,
        });

        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        var calendar = await updated.ReadJsonAsync();
        ((string)calendar["timeZone"]!).ShouldBe("Europe/Berlin");
        Strings(calendar["hours"]!["monday"]).ShouldBe(["09:00-17:00"]);
        Strings(calendar["hours"]!["tuesday"]).ShouldBeEmpty();
        // Friday 2/10/2026 12:00 CEST + 120: an hour on Friday, an hour on Monday 5/10.
        (await DueAsync(admin, slug, "2026-10-02T17:00:00+07:00", 120)).ShouldBe("2026-10-05T10:00:00+02:00");
        // After the change to winter time the offset shown follows: Monday 2/11 09:00 CET.
        (await DueAsync(admin, slug, "2026-10-30T13:00:00+01:00", 0)).ShouldBe("2026-11-02T09:00:00+01:00");

        // Left out, the zone and the holidays flag stay as they are.
        var renamedOnly = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}", new
        {
            name = "Chi nhánh Berlin (CHLB Đức)",
            nameEn = "Berlin branch",
            hours = new Dictionary<string, string[]> { ["monday"] = ["09:00-17:00"] },
        });
        var kept = await renamedOnly.ReadJsonAsync();
        ((string)kept["timeZone"]!).ShouldBe("Europe/Berlin");
        ((bool)kept["vietnameseHolidays"]!).ShouldBeFalse();

        var renamed = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}", LunchBreakCalendar("another-slug"));
        renamed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await renamed.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("slug").ShouldBeTrue();
    }

    [Fact]
    public async Task Invalid_calendars_are_refused_naming_each_field()
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        var bad = await admin.Client.PostAsJsonAsync("/api/v1/calendars", new
        {
            slug = "Not A Slug",
            name = "",
            nameEn = "Somewhere",
            timeZone = "SE Asia Standard Time",
            hours = new Dictionary<string, string[]>
            {
                ["monday"] = ["08:00-12:00", "13:30-25:00"],
                ["funday"] = ["08:00-12:00"],
                ["tuesday"] = ["18:00-08:00"],
            },
        });

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        errors.ShouldBe(["slug", "name", "timeZone", "hours.monday", "hours.funday", "hours.tuesday"], ignoreOrder: true);

        var closed = await admin.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar(Slug("closed")) with
        {
            Hours = new Dictionary<string, string[]> { ["sunday"] = [] },
        });
        closed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await closed.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("hours").ShouldBeTrue();

        var taken = await admin.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar("office-hours"));
        taken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await taken.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("slug").ShouldBeTrue();

        var slug = Slug("cam");
        (await admin.Client.PostAsJsonAsync("/api/v1/calendars", LunchBreakCalendar(slug))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var inverted = await admin.Client.PostAsJsonAsync($"/api/v1/calendars/{slug}/closures", new { start = "2026-03-03T12:00", end = "2026-03-03T08:00" });
        (await inverted.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["end"]);
        var withOffset = await admin.Client.PostAsJsonAsync($"/api/v1/calendars/{slug}/closures", new { start = "2026-03-03T08:00+07:00", end = "2026-03-03T12:00" });
        (await withOffset.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["start"]);
        var noHours = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}/make-up-days/2026-03-07", new { hours = Array.Empty<string>() });
        (await noHours.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["hours"]);
        var badDate = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}/make-up-days/07-03-2026", new { hours = new[] { "08:00-12:00" } });
        (await badDate.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["date"]);
        // 1/1/2026 is a national holiday and this calendar observes them: it cannot also be a make-up day.
        var onHoliday = await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}/make-up-days/2026-01-01", new { hours = new[] { "08:00-12:00" } });
        onHoliday.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await onHoliday.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["date"]);
    }

    private sealed record CalendarBody(string? Slug, string Name, string NameEn, string TimeZone,
        Dictionary<string, string[]> Hours, bool VietnameseHolidays);

    private static CalendarBody LunchBreakCalendar(string? slug)
    {
        string[] hours = ["08:00-12:00", "13:30-17:30"];
        return new CalendarBody(slug, "Kỹ thuật tại Cà Mau", "Technical support, Cà Mau", "Asia/Ho_Chi_Minh",
            new Dictionary<string, string[]>
            {
                ["monday"] = hours, ["tuesday"] = hours, ["wednesday"] = hours, ["thursday"] = hours, ["friday"] = hours,
            },
            VietnameseHolidays: true);
    }
}

[Collection("sqlite")]
public sealed class SqliteCalendarApiTests(SqliteApp app) : CalendarApiTests(app);

[Collection("postgres")]
public sealed class PostgresCalendarApiTests(PostgresApp app) : CalendarApiTests(app);
