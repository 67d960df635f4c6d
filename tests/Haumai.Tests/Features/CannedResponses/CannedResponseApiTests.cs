using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.CannedResponses;

/// <summary>
/// T8 over REST: admins write canned responses; staff read those they may use (global ones and
/// their teams'); customers none.
/// </summary>
public abstract class CannedResponseApiTests(HaumaiFactory app)
{
    private const string Url = "/api/v1/canned-responses";

    [Fact]
    public async Task An_admin_creates_reads_updates_and_deletes()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var team = await app.CreateTeamAsync();

        var created = await admin.Client.PostAsJsonAsync(Url, new { title = "Đã nhận yêu cầu", body = "Chào {{customer.name}}, chúng tôi đã nhận {{ticket.number}}.", teamId = team });

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.ReadJsonAsync();
        var id = (int)body["id"]!;
        created.Headers.Location!.ToString().ShouldBe($"{Url}/{id}");
        ((string)body["title"]!).ShouldBe("Đã nhận yêu cầu");
        ((int)body["teamId"]!).ShouldBe(team);
        ((string)body["teamName"]!).ShouldBe("Nhóm thử nghiệm");

        var read = await admin.Client.GetAsync($"{Url}/{id}");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await read.ReadJsonAsync())["body"]!).ShouldContain("{{ticket.number}}");

        var updated = await admin.Client.PutAsJsonAsync($"{Url}/{id}", new { title = "Đã nhận", body = "Cảm ơn {{customer.name}}.", teamId = (int?)null });
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        var after = await updated.ReadJsonAsync();
        ((string)after["title"]!).ShouldBe("Đã nhận");
        after["teamId"].ShouldBeNull();

        (await admin.Client.DeleteAsync($"{Url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.Client.GetAsync($"{Url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.Client.DeleteAsync($"{Url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.Client.PutAsJsonAsync($"{Url}/{id}", new { title = "x", body = "y" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_agent_sees_the_global_responses_and_their_teams_but_not_other_teams()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var mine = await app.CreateTeamAsync(members: agent.Id);
        var other = await app.CreateTeamAsync();
        var global = await CreateAsync(admin, "Chung", null);
        var ofMine = await CreateAsync(admin, "Của nhóm tôi", mine);
        var ofOther = await CreateAsync(admin, "Của nhóm khác", other);

        var list = await agent.Client.GetAsync(Url);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ids = (await list.ReadJsonAsync()).AsArray().Select(r => (int)r!["id"]!).ToList();
        ids.ShouldContain(global);
        ids.ShouldContain(ofMine);
        ids.ShouldNotContain(ofOther);

        (await agent.Client.GetAsync($"{Url}/{ofMine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var hidden = await agent.Client.GetAsync($"{Url}/{ofOther}");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        hidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        // For a ticket of one team: that team's and the global ones.
        var forTeam = (await (await admin.Client.GetAsync($"{Url}?teamId={other}")).ReadJsonAsync()).AsArray().Select(r => (int)r!["id"]!).ToList();
        forTeam.ShouldContain(global);
        forTeam.ShouldContain(ofOther);
        forTeam.ShouldNotContain(ofMine);

        // An admin sees them all.
        var all = (await (await admin.Client.GetAsync(Url)).ReadJsonAsync()).AsArray().Select(r => (int)r!["id"]!).ToList();
        all.ShouldContain(ofOther);
        all.ShouldContain(ofMine);
    }

    [Fact]
    public async Task Agents_cannot_write_and_customers_cannot_even_read()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug, orgAdmin: true);
        var id = await CreateAsync(admin, "Bí mật nội bộ", null);
        var before = await app.WithDbAsync(db => db.CannedResponses.CountAsync());

        foreach (var response in new[]
        {
            await agent.Client.PostAsJsonAsync(Url, new { title = "Lén", body = "Lén" }),
            await agent.Client.PutAsJsonAsync($"{Url}/{id}", new { title = "Lén", body = "Lén" }),
            await agent.Client.DeleteAsync($"{Url}/{id}"),
            await customer.Client.GetAsync(Url),
            await customer.Client.GetAsync($"{Url}/{id}"),
            await customer.Client.PostAsJsonAsync(Url, new { title = "Lén", body = "Lén" }),
        })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("Bí mật nội bộ");
        }
        (await app.CreateClient().GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.CannedResponses.CountAsync())).ShouldBe(before);
        (await app.WithDbAsync(db => db.CannedResponses.Where(r => r.Id == id).Select(r => r.Title).SingleAsync())).ShouldBe("Bí mật nội bộ");
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_naming_each_field()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var before = await app.WithDbAsync(db => db.CannedResponses.CountAsync());

        var empty = await admin.Client.PostAsJsonAsync(Url, new { title = "", body = "" });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        empty.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await empty.ReadJsonAsync();
        ((string)problem["type"]!).ShouldEndWith("/validation");
        problem["errors"]!.AsObject().ContainsKey("title").ShouldBeTrue();
        problem["errors"]!.AsObject().ContainsKey("body").ShouldBeTrue();

        var tooLong = await admin.Client.PostAsJsonAsync(Url, new { title = new string('a', 201), body = "ok" });
        (await tooLong.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("title").ShouldBeTrue();

        var placeholder = await admin.Client.PostAsJsonAsync(Url, new { title = "Sai biến", body = "Chào {{customer.nam}}" });
        placeholder.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await placeholder.ReadJsonAsync())["errors"]!["body"]!.AsArray().Select(e => (string)e!).ToList();
        errors.ShouldContain(e => e.Contains("{{customer.name}}", StringComparison.Ordinal));

        var team = await admin.Client.PostAsJsonAsync(Url, new { title = "Nhóm lạ", body = "Chào", teamId = 999999 });
        team.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await team.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("teamId").ShouldBeTrue();

        var noBody = await admin.Client.PostAsync(Url, new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        noBody.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.WithDbAsync(db => db.CannedResponses.CountAsync())).ShouldBe(before);
    }

    private async Task<int> CreateAsync(TestUser admin, string title, int? teamId)
    {
        var response = await admin.Client.PostAsJsonAsync(Url, new { title, body = "Chào {{customer.name}}.", teamId });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (int)(await response.ReadJsonAsync())["id"]!;
    }
}

[Collection("sqlite")]
public sealed class SqliteCannedResponseApiTests(SqliteApp app) : CannedResponseApiTests(app);

[Collection("postgres")]
public sealed class PostgresCannedResponseApiTests(PostgresApp app) : CannedResponseApiTests(app);
