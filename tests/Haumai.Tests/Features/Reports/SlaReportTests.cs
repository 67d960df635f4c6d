using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Reports;

/// <summary>
/// S4 over HTTP, once per database. The fixtures are shared with other tests, so every scenario
/// makes its own team, category and team-scoped SLA policy, and reads the report filtered to that
/// team. Times come from the test clock (real time plus what the tests advanced), so elapsed
/// minutes are allowed one minute of slack where they are read after the clock moved.
/// </summary>
public abstract class SlaReportTests(HaumaiFactory app)
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    [Fact]
    public async Task Counts_met_breached_and_running_clocks_per_priority_and_team_and_lists_the_breaches()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var scene = await SceneAsync(admin);

        var report = await ReportAsync(admin, $"groupBy=priority&team={scene.TeamId}");

        ((int)report["tickets"]!).ShouldBe(5);
        ((string)report["groupBy"]!).ShouldBe("priority");
        report["groups"]!.AsArray().Select(g => (string)g!["key"]!).ShouldBe(["urgent", "high", "low"]);
        var urgent = Row(report, "urgent", "first_response");
        ((int)urgent["measured"]!).ShouldBe(2);
        ((int)urgent["met"]!).ShouldBe(1);
        ((int)urgent["breached"]!).ShouldBe(1);
        ((int)urgent["running"]!).ShouldBe(0);
        ((double)urgent["compliancePercent"]!).ShouldBe(50.0);
        ((double)urgent["averageMinutesToStop"]!).ShouldBeInRange(20, 21);
        var low = Row(report, "low", "first_response");
        ((int)low["measured"]!).ShouldBe(1);
        ((int)low["running"]!).ShouldBe(1);
        low["compliancePercent"].ShouldBeNull();
        low["averageMinutesToStop"].ShouldBeNull();
        low["p90MinutesToStop"].ShouldBeNull();
        var urgentNext = Row(report, "urgent", "next_response");
        ((int)urgentNext["measured"]!).ShouldBe(0); // the policy has no next-response target

        var byTeam = await ReportAsync(admin, $"groupBy=team&team={scene.TeamId}");
        var group = byTeam["groups"]!.AsArray().Single()!;
        ((string)group["key"]!).ShouldBe(scene.TeamSlug);
        ((string)group["name"]!).ShouldBe("Nhóm thử nghiệm");
        ((int)group["tickets"]!).ShouldBe(5);
        var first = Row(byTeam, scene.TeamSlug, "first_response");
        ((int)first["measured"]!).ShouldBe(5);
        ((int)first["met"]!).ShouldBe(2);
        ((int)first["breached"]!).ShouldBe(2);
        ((int)first["running"]!).ShouldBe(1);
        ((double)first["compliancePercent"]!).ShouldBe(50.0);
        // Stopped at about 20, 20 and 270 minutes: the average is 103.3, the 90th percentile 270.
        ((double)first["averageMinutesToStop"]!).ShouldBeInRange(103.3, 104.4);
        ((long)first["p90MinutesToStop"]!).ShouldBeInRange(270, 271);
        var resolution = Row(byTeam, scene.TeamSlug, "resolution");
        ((int)resolution["measured"]!).ShouldBe(5);
        ((int)resolution["met"]!).ShouldBe(1);
        ((int)resolution["running"]!).ShouldBe(4);
        ((double)resolution["compliancePercent"]!).ShouldBe(100.0);

        var breaches = byTeam["breaches"]!;
        ((int)breaches["total"]!).ShouldBe(2);
        ((bool)breaches["truncated"]!).ShouldBeFalse();
        var items = breaches["items"]!.AsArray().Select(i => i!).ToList();
        items.Select(i => (long)i["ticketId"]!).ShouldBe([scene.UrgentLate, scene.HighLate]);
        var open = items[0];
        ((string)open["clock"]!).ShouldBe("first_response");
        ((string)open["priority"]!).ShouldBe("urgent");
        ((string)open["team"]!).ShouldBe(scene.TeamSlug);
        ((string)open["category"]!).ShouldBe(scene.CategorySlug);
        ((string)open["number"]!).ShouldBe($"#{scene.UrgentLate}");
        ((bool)open["open"]!).ShouldBeTrue();
        open["stoppedAt"].ShouldBeNull();
        ((string)open["due"]!).ShouldEndWith("+07:00");
        ((long)open["overdueMinutes"]!).ShouldBeInRange(209, 211);
        var stopped = items[1];
        ((string)stopped["subject"]!).ShouldBe(scene.TrickySubject);
        ((bool)stopped["open"]!).ShouldBeFalse();
        stopped["stoppedAt"].ShouldNotBeNull();
        ((long)stopped["overdueMinutes"]!).ShouldBeInRange(29, 31);

        // The plan and category filters narrow the same set; a range before the tickets is empty.
        ((int)(await ReportAsync(admin, $"team={scene.TeamId}&category={scene.CategorySlug}&plan=free"))["tickets"]!).ShouldBe(5);
        ((int)(await ReportAsync(admin, $"team={scene.TeamId}&plan=paid"))["tickets"]!).ShouldBe(0);
        var today = Today();
        var before = await admin.Client.GetAsync($"/api/v1/reports/sla?from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(-2):yyyy-MM-dd}&team={scene.TeamId}");
        ((int)(await before.ReadJsonAsync())["tickets"]!).ShouldBe(0);
        var byMonth = await ReportAsync(admin, $"groupBy=month&team={scene.TeamId}");
        byMonth["groups"]!.AsArray().Sum(g => (int)g!["tickets"]!).ShouldBe(5);
        byMonth["groups"]!.AsArray().All(g => ((string)g!["key"]!).Length == 7).ShouldBeTrue();
    }

    [Fact]
    public async Task Exports_csv_with_a_bom_a_header_and_rfc_4180_quoting()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var scene = await SceneAsync(admin);

        var response = await admin.Client.GetAsync($"/api/v1/reports/sla?{Range()}&groupBy=priority&team={scene.TeamId}&format=csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldNotBeNull();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Lines(bytes);
        lines[0].ShouldBe("group,name,tickets,clock,measured,met,breached,running,compliance_percent,average_minutes_to_stop,p90_minutes_to_stop");
        lines.Count.ShouldBe(1 + 3 * 3); // three priorities, three clock kinds each
        lines[1].ShouldStartWith("urgent,,2,first_response,2,1,1,0,50,");

        // Accept: text/csv works as well as format=csv.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/sla?{Range()}&team={scene.TeamId}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var negotiated = await admin.Client.SendAsync(request);
        negotiated.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");

        var breaches = await admin.Client.GetAsync($"/api/v1/reports/sla?{Range()}&team={scene.TeamId}&format=csv&part=breaches");
        breaches.StatusCode.ShouldBe(HttpStatusCode.OK);
        var breachBytes = await breaches.Content.ReadAsByteArrayAsync();
        breachBytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var breachLines = Lines(breachBytes);
        breachLines[0].ShouldBe("ticket_id,number,subject,priority,team,category,clock,due,stopped_at,open,overdue_minutes");
        breachLines.Count.ShouldBe(3);
        breachLines[1].ShouldStartWith($"{scene.UrgentLate},#{scene.UrgentLate},Mạng chậm,urgent,{scene.TeamSlug},{scene.CategorySlug},first_response,");
        breachLines[1].ShouldContain(",,true,");
        breachLines[2].ShouldStartWith($"{scene.HighLate},#{scene.HighLate},\"Lỗi \"\"502\"\", gấp\",high,");
        breachLines[2].ShouldContain(",false,");
    }

    [Fact]
    public async Task Customers_are_refused_and_agents_see_only_their_teams_tickets()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var scene = await SceneAsync(admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var agentTeam = await app.CreateTeamAsync(members: agent.Id);
        var agentCategory = await CreateCategoryAsync(admin, agentTeam);
        var mine = await CreateTicketAsync(admin, agentCategory, "urgent", "Máy in không in");
        app.Clock.Advance(TimeSpan.FromMinutes(61));

        var customer = await app.CreateUserAsync(Role.Customer);
        (await customer.Client.GetAsync($"/api/v1/reports/sla?{Range()}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var seen = await ReportAsync(agent, "groupBy=team");
        var teams = seen["groups"]!.AsArray().Select(g => (string?)g!["key"]).ToList();
        teams.ShouldContain(await SlugAsync(agentTeam));
        teams.ShouldNotContain(scene.TeamSlug);
        var breachIds = seen["breaches"]!["items"]!.AsArray().Select(i => (long)i!["ticketId"]!).ToList();
        breachIds.ShouldContain(mine);
        breachIds.ShouldNotContain(scene.UrgentLate);
        breachIds.ShouldNotContain(scene.HighLate);
        ((int)(await ReportAsync(agent, $"team={scene.TeamId}"))["tickets"]!).ShouldBe(0);
        ((int)(await ReportAsync(admin, $"team={scene.TeamId}"))["tickets"]!).ShouldBe(5);
    }

    [Fact]
    public async Task Bad_parameters_are_refused_naming_the_field()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        await RefusedAsync(admin, "to=2026-01-31", "from");
        await RefusedAsync(admin, "from=2026-01-01", "to");
        await RefusedAsync(admin, "from=2026-13-01&to=2026-12-31", "from");
        await RefusedAsync(admin, "from=01/01/2026&to=2026-12-31", "from");
        await RefusedAsync(admin, "from=2026-02-01&to=2026-01-31", "to");
        await RefusedAsync(admin, "from=2025-01-01&to=2026-01-02", "to");
        await RefusedAsync(admin, "from=2026-01-01&to=2026-01-31&groupBy=agent", "groupBy");
        await RefusedAsync(admin, "from=2026-01-01&to=2026-01-31&format=xlsx", "format");
        await RefusedAsync(admin, "from=2026-01-01&to=2026-01-31&part=everything", "part");
        await RefusedAsync(admin, "from=2026-01-01&to=2026-01-31&team=no-such-team", "team");
        await RefusedAsync(admin, "from=2026-01-01&to=2026-01-31&plan=gold", "plan");
        // 366 days is a leap year's worth, and allowed.
        (await admin.Client.GetAsync("/api/v1/reports/sla?from=2024-01-01&to=2024-12-31&groupBy=month")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Five tickets on a fresh team, under a policy of that team (first response: urgent 60, high
    /// 240, low 1440 minutes; resolution 600), at known moments:
    /// t0 all created; t0+20 the first urgent and the first high get a reply, and the urgent is
    /// solved; t0+270 the tricky-subject high gets its reply, 30 minutes late. By then the second
    /// urgent is 210 minutes overdue and unanswered, and the low is still within its target.
    /// </summary>
    private async Task<Scene> SceneAsync(TestUser admin)
    {
        var team = await app.CreateTeamAsync();
        var response = await admin.Client.PostAsJsonAsync("/api/v1/sla-policies", new
        {
            name = "Báo cáo " + team,
            calendar = "24x7",
            position = 0,
            conditions = new { teamId = team },
            targets = new[] { ("urgent", 60), ("high", 240), ("medium", 480), ("low", 1440) }.Select(t => new
            {
                priority = t.Item1,
                firstResponseMinutes = t.Item2,
                nextResponseMinutes = (int?)null,
                resolutionMinutes = 600,
            }).ToArray(),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var category = await CreateCategoryAsync(admin, team);
        const string tricky = "Lỗi \"502\", gấp";

        var urgentMet = await CreateTicketAsync(admin, category, "urgent", "Không đăng nhập được");
        var urgentLate = await CreateTicketAsync(admin, category, "urgent", "Mạng chậm");
        var highMet = await CreateTicketAsync(admin, category, "high", "Sai hóa đơn");
        var highLate = await CreateTicketAsync(admin, category, "high", tricky);
        await CreateTicketAsync(admin, category, "low", "Hỏi về tính năng");

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await ReplyAsync(admin, urgentMet);
        await ReplyAsync(admin, highMet);
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{urgentMet}", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(250));
        await ReplyAsync(admin, highLate);
        return new Scene(team, await SlugAsync(team), category, urgentLate, highLate, tricky);
    }

    private sealed record Scene(int TeamId, string TeamSlug, string CategorySlug, long UrgentLate, long HighLate, string TrickySubject);

    private static async Task<string> CreateCategoryAsync(TestUser admin, int team)
    {
        var slug = "bao-cao-" + Guid.NewGuid().ToString("N")[..10];
        var response = await admin.Client.PostAsJsonAsync("/api/v1/categories", new { slug, name = "Báo cáo", nameEn = "Reports", teamId = team, defaultPriority = "medium" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return slug;
    }

    private static async Task<long> CreateTicketAsync(TestUser admin, string category, string priority, string subject)
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("khach@acme.vn", category, priority, subject));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    private static async Task ReplyAsync(TestUser admin, long id) =>
        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Chúng tôi đã xử lý." })).StatusCode.ShouldBe(HttpStatusCode.Created);

    private Task<string> SlugAsync(int team) => app.WithDbAsync(db => db.Teams.Where(t => t.Id == team).Select(t => t.Slug).SingleAsync());

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Vietnam).DateTime);

    /// <summary>Around today in Vietnam: the tickets were made minutes ago, perhaps just before midnight.</summary>
    private string Range() => FormattableString.Invariant($"from={Today().AddDays(-1):yyyy-MM-dd}&to={Today().AddDays(1):yyyy-MM-dd}");

    private async Task<JsonNode> ReportAsync(TestUser user, string query)
    {
        var response = await user.Client.GetAsync($"/api/v1/reports/sla?{Range()}&{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static JsonNode Row(JsonNode report, string group, string clock) =>
        report["groups"]!.AsArray().Single(g => (string?)g!["key"] == group)!["clocks"]!.AsArray().Single(c => (string)c!["clock"]! == clock)!;

    private static List<string> Lines(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.ShouldEndWith("\r\n");
        return [.. text[..^2].Split("\r\n")];
    }

    private static async Task RefusedAsync(TestUser user, string query, string field)
    {
        var response = await user.Client.GetAsync($"/api/v1/reports/sla?{query}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonNode.Parse(text)!["errors"]![field].ShouldNotBeNull(text);
        ((string)JsonNode.Parse(text)!["type"]!).ShouldEndWith("/validation");
    }
}

[Collection("sqlite")]
public sealed class SqliteSlaReportTests(SqliteApp app) : SlaReportTests(app);

[Collection("postgres")]
public sealed class PostgresSlaReportTests(PostgresApp app) : SlaReportTests(app);
