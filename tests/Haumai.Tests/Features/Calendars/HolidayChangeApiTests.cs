using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.Tests.Features.Calendars;

/// <summary>
/// Admins' holiday changes over HTTP, once per database provider. Holidays are shared by every
/// calendar of the database, so each test changes a year of its own, far from the years other tests
/// compute in.
/// </summary>
public abstract class HolidayChangeApiTests(HaumaiFactory app)
{
    private static string Due(string slug, string from, long minutes) =>
        $"/api/v1/calendars/{slug}/due?from={Uri.EscapeDataString(from)}&minutes={minutes}";

    private static async Task<string> DueAsync(TestUser user, string from, long minutes) =>
        (string)(await (await user.Client.GetAsync(Due("office-hours", from, minutes))).ReadJsonAsync())["due"]!;

    private static async Task<Dictionary<string, string>> HolidaysAsync(TestUser user, int year)
    {
        var response = await user.Client.GetAsync($"/api/v1/calendars/office-hours/holidays?year={year}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadJsonAsync()).AsArray().ToDictionary(h => (string)h!["key"]!, h => (string)h!["date"]!);
    }

    private static async Task<JsonNode> RecordAsync(TestUser admin, int year, object change)
    {
        var response = await admin.Client.PostAsJsonAsync($"/api/v1/holidays/{year}/changes", change);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<string[]> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key)];
    }

    /// <summary>
    /// 1/1/2042 is a Wednesday. From Tuesday 31/12/2041 17:00, two business hours end on Thursday
    /// 2/1 at 09:30 while New Year's Day is off; moved to the Thursday, they end on the Wednesday.
    /// </summary>
    [Fact]
    public async Task A_holiday_moved_by_an_admin_changes_the_next_due_time_and_is_in_the_log_with_who_and_when()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        (await DueAsync(agent, "2041-12-31T17:00:00+07:00", 120)).ShouldBe("2042-01-02T09:30:00+07:00");

        var recorded = await RecordAsync(admin, 2042, new { action = "move", key = "new-year", newDate = "2042-01-02", reason = "Quyết định của Thủ tướng (thử nghiệm)" });

        (await DueAsync(agent, "2041-12-31T17:00:00+07:00", 120)).ShouldBe("2042-01-01T09:30:00+07:00");
        ((string)recorded["change"]!["action"]!).ShouldBe("move");
        recorded["holidays"]!.AsArray().Single(h => (string)h!["key"]! == "new-year")!["date"]!.GetValue<string>().ShouldBe("2042-01-02");
        (await HolidaysAsync(agent, 2042))["new-year"].ShouldBe("2042-01-02");

        var log = await admin.Client.GetAsync("/api/v1/holidays/2042/changes");
        log.StatusCode.ShouldBe(HttpStatusCode.OK);
        var entry = (await log.ReadJsonAsync()).AsArray().Single()!;
        ((string)entry["action"]!).ShouldBe("move");
        ((string)entry["key"]!).ShouldBe("new-year");
        ((string)entry["date"]!).ShouldBe("2042-01-01");
        ((string)entry["newDate"]!).ShouldBe("2042-01-02");
        ((string)entry["reason"]!).ShouldBe("Quyết định của Thủ tướng (thử nghiệm)");
        ((int)entry["changedById"]!).ShouldBe(admin.Id);
        ((string)entry["changedByName"]!).ShouldNotBeNullOrEmpty();
        var changedAt = DateTimeOffset.Parse((string)entry["changedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        (app.Clock.GetUtcNow() - changedAt).ShouldBeLessThan(TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// 2/9/2048 is a Wednesday, so by default the day before is off; the government may choose the
    /// day after, and the Tết days of the year. Restoring a key gives the rule back. A later change of
    /// a key supersedes the earlier one; the log keeps both.
    /// </summary>
    [Fact]
    public async Task The_years_Tet_days_and_the_day_next_to_2_9_are_set_and_restored()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var rules = await HolidaysAsync(admin, 2048);
        rules["national-day-adjacent"].ShouldBe("2048-09-01");
        var newYear = DateOnly.Parse(rules["tet-2"], System.Globalization.CultureInfo.InvariantCulture);
        string[] decided = [.. new[] { -2, -1, 0, 1, 2 }.Select(d => newYear.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];

        await RecordAsync(admin, 2048, new { action = "national-day-adjacent", date = "2048-09-03" });
        await RecordAsync(admin, 2048, new { action = "tet-days", dates = decided, reason = "Hai ngày trước Tết, ba ngày sau" });

        var changed = await HolidaysAsync(admin, 2048);
        changed["national-day-adjacent"].ShouldBe("2048-09-03");
        Enumerable.Range(1, 5).Select(i => changed[$"tet-{i}"]).ShouldBe(decided);

        await RecordAsync(admin, 2048, new { action = "restore", key = "national-day-adjacent" });
        await RecordAsync(admin, 2048, new { action = "national-day-adjacent", date = "2048-09-03" });
        await RecordAsync(admin, 2048, new { action = "move", key = "national-day-adjacent", newDate = "2048-09-04" });
        (await HolidaysAsync(admin, 2048))["national-day-adjacent"].ShouldBe("2048-09-04");
        await RecordAsync(admin, 2048, new { action = "restore", key = "national-day-adjacent" });
        await RecordAsync(admin, 2048, new { action = "restore", key = "tet-days" });

        (await HolidaysAsync(admin, 2048)).ShouldBe(rules, ignoreOrder: true);
        var log = (await (await admin.Client.GetAsync("/api/v1/holidays/2048/changes")).ReadJsonAsync()).AsArray();
        log.Select(e => (string)e!["action"]!).ShouldBe(
            ["national-day-adjacent", "tet-days", "restore", "national-day-adjacent", "move", "restore", "restore"]);
        log[1]!["dates"]!.AsArray().Select(d => (string)d!).ShouldBe(decided);
    }

    /// <summary>Friday 6/1/2045 made an extra day off, then withdrawn; both steps stay in the log.</summary>
    [Fact]
    public async Task An_added_day_off_closes_office_hours_until_it_is_removed()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        (await DueAsync(admin, "2045-01-05T17:00:00+07:00", 120)).ShouldBe("2045-01-06T09:30:00+07:00");

        var added = await RecordAsync(admin, 2045, new { action = "add", key = "company-day", date = "2045-01-06", name = "Ngày thành lập", nameEn = "Founding day" });

        var holiday = added["holidays"]!.AsArray().Single(h => (string)h!["key"]! == "company-day")!;
        ((string)holiday["date"]!).ShouldBe("2045-01-06");
        ((string)holiday["kind"]!).ShouldBe("fixed");
        (await DueAsync(admin, "2045-01-05T17:00:00+07:00", 120)).ShouldBe("2045-01-09T09:30:00+07:00");

        await RecordAsync(admin, 2045, new { action = "remove", key = "company-day" });

        (await HolidaysAsync(admin, 2045)).ShouldNotContainKey("company-day");
        (await DueAsync(admin, "2045-01-05T17:00:00+07:00", 120)).ShouldBe("2045-01-06T09:30:00+07:00");
        var log = (await (await admin.Client.GetAsync("/api/v1/holidays/2045/changes")).ReadJsonAsync()).AsArray();
        log.Select(e => (string)e!["action"]!).ShouldBe(["add", "remove"]);
    }

    [Fact]
    public async Task A_holiday_cannot_land_on_a_make_up_day_of_a_calendar_that_observes_holidays()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var slug = $"cam-{Guid.NewGuid():N}"[..16];
        string[] hours = ["08:00-17:00"];
        (await admin.Client.PostAsJsonAsync("/api/v1/calendars", new
        {
            slug, name = "Nhà máy", nameEn = "Factory", vietnameseHolidays = true,
            hours = new Dictionary<string, string[]> { ["monday"] = hours, ["tuesday"] = hours },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Saturday 4/3/2045.
        (await admin.Client.PutAsJsonAsync($"/api/v1/calendars/{slug}/make-up-days/2045-03-04", new { hours })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clash = await admin.Client.PostAsJsonAsync("/api/v1/holidays/2045/changes",
            new { action = "add", key = "clash", date = "2045-03-04", name = "Trùng", nameEn = "Clash" });

        (await ErrorsAsync(clash)).ShouldBe(["date"]);
        (await HolidaysAsync(admin, 2045)).ShouldNotContainKey("clash");
    }

    [Theory]
    [InlineData("{\"action\": \"shift\", \"key\": \"new-year\"}", "action")]
    [InlineData("{\"action\": \"move\", \"key\": \"no-such-holiday\", \"newDate\": \"2044-03-01\"}", "key")]
    [InlineData("{\"action\": \"move\", \"key\": \"new-year\", \"newDate\": \"2045-01-02\"}", "newDate")]
    [InlineData("{\"action\": \"move\", \"key\": \"new-year\", \"date\": \"2044-01-02\"}", "newDate,date")]
    [InlineData("{\"action\": \"remove\"}", "key")]
    [InlineData("{\"action\": \"restore\", \"key\": \"new-year\"}", "key")]
    [InlineData("{\"action\": \"add\", \"date\": \"2044-03-01\"}", "name,nameEn")]
    [InlineData("{\"action\": \"add\", \"key\": \"victory-day\", \"date\": \"2044-03-01\", \"name\": \"x\", \"nameEn\": \"x\"}", "key")]
    [InlineData("{\"action\": \"add\", \"date\": \"2044-03-01\", \"name\": \"x\", \"nameEn\": \"x\", \"kind\": \"lunar\"}", "kind")]
    [InlineData("{\"action\": \"national-day-adjacent\", \"date\": \"2044-09-05\"}", "date")]
    [InlineData("{\"action\": \"tet-days\", \"dates\": []}", "dates")]
    [InlineData("{\"action\": \"tet-days\", \"dates\": [\"2044-01-29\", \"2045-01-30\"]}", "dates")]
    [InlineData("{\"action\": \"move\", \"key\": \"new-year\", \"newDate\": \"2 tháng 1\"}", "newDate")]
    public async Task A_change_that_does_not_fit_the_year_is_a_400_naming_the_field_and_is_not_recorded(string body, string fields)
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        var response = await admin.Client.PostAsync("/api/v1/holidays/2044/changes",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await ErrorsAsync(response)).ShouldBe(fields.Split(','), ignoreOrder: true);
        (await (await admin.Client.GetAsync("/api/v1/holidays/2044/changes")).ReadJsonAsync()).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_year_out_of_range_is_a_400_naming_the_year()
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        var post = await admin.Client.PostAsJsonAsync("/api/v1/holidays/1800/changes", new { action = "remove", key = "new-year" });
        var get = await admin.Client.GetAsync("/api/v1/holidays/abc/changes");

        (await ErrorsAsync(post)).ShouldBe(["year"]);
        (await ErrorsAsync(get)).ShouldBe(["year"]);
    }

    [Fact]
    public async Task Agents_and_customers_get_403_on_holiday_changes_and_nothing_is_recorded()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug);
        var admin = await app.CreateUserAsync(Role.Admin);

        foreach (var user in new[] { agent, customer })
        {
            var post = await user.Client.PostAsJsonAsync("/api/v1/holidays/2043/changes", new { action = "remove", key = "new-year" });
            var get = await user.Client.GetAsync("/api/v1/holidays/2043/changes");

            post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            post.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            get.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        (await (await admin.Client.GetAsync("/api/v1/holidays/2043/changes")).ReadJsonAsync()).AsArray().ShouldBeEmpty();
        (await HolidaysAsync(admin, 2043)).ShouldContainKey("new-year");
    }
}

[Collection("sqlite")]
public sealed class SqliteHolidayChangeApiTests(SqliteApp app) : HolidayChangeApiTests(app);

[Collection("postgres")]
public sealed class PostgresHolidayChangeApiTests(PostgresApp app) : HolidayChangeApiTests(app);
