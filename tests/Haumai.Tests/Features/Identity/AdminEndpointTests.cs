using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Identity;

/// <summary>What only admins may do: create users, organizations, teams and categories.</summary>
public abstract class AdminEndpointTests(HaumaiFactory app)
{
    public static TheoryData<string> AdminPosts => ["/api/v1/users", "/api/v1/organizations", "/api/v1/teams", "/api/v1/categories"];

    private static string Slug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A valid body for each endpoint, so that only the role can be the reason for a refusal.</summary>
    private static object ValidBody(string url) => url switch
    {
        "/api/v1/users" => new { email = $"{Slug("moi")}@example.vn", name = "Lê Văn Hùng", role = "agent", password = "Mat-khau-1234" },
        "/api/v1/organizations" => new { slug = Slug("cty"), name = "Công ty Cổ phần Sao Mai", plan = "paid" },
        "/api/v1/teams" => new { slug = Slug("nhom"), name = "Nhóm mạng", assignment = "round_robin" },
        "/api/v1/categories" => new { slug = Slug("loai"), name = "Yêu cầu khác", nameEn = "Other request", defaultPriority = "low" },
        _ => throw new ArgumentOutOfRangeException(nameof(url)),
    };

    [Theory]
    [MemberData(nameof(AdminPosts))]
    public async Task Agents_and_customers_get_a_403_problem_and_nothing_is_created(string url)
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug, orgAdmin: true);
        var before = await CountAsync();

        foreach (var user in new[] { agent, customer })
        {
            var response = await user.Client.PostAsJsonAsync(url, ValidBody(url));

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.ReadJsonAsync();
            ((string)problem["type"]!).ShouldEndWith("/forbidden");
            ((int)problem["status"]!).ShouldBe(403);
        }
        (await CountAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(AdminPosts))]
    public async Task Anonymous_callers_get_a_401_problem(string url)
    {
        var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync(url, ValidBody(url));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [MemberData(nameof(AdminPosts))]
    public async Task An_admin_creates_with_201_and_a_location(string url)
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var before = await CountAsync();

        var response = await admin.Client.PostAsJsonAsync(url, ValidBody(url));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (int)(await response.ReadJsonAsync())["id"]!;
        response.Headers.Location!.ToString().ShouldBe($"{url}/{id}");
        (await CountAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_user_created_by_an_admin_can_sign_in_with_a_token_issued_for_them()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var org = await app.CreateOrganizationAsync();
        var email = $"{Slug("khach")}@example.vn";

        var response = await admin.Client.PostAsJsonAsync("/api/v1/users",
            new { email = email.ToUpperInvariant(), name = "Phạm Thu Trang", role = "customer", organization = org.Slug, orgAdmin = true, password = "Mat-khau-1234" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        ((string)created["email"]!).ShouldBe(email);
        ((string)created["role"]!).ShouldBe("customer");
        ((int)created["organizationId"]!).ShouldBe(org.Id);
        ((bool)created["orgAdmin"]!).ShouldBeTrue();
        created["password"].ShouldBeNull();
        created["passwordHash"].ShouldBeNull();
        var hash = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());
        hash!.ShouldStartWith("AQAAAA");

        var duplicate = await admin.Client.PostAsJsonAsync("/api/v1/users", new { email, name = "Lần hai", role = "customer" });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await duplicate.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("email").ShouldBeTrue();
    }

    [Fact]
    public async Task Customers_cannot_list_organizations_or_teams()
    {
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug, orgAdmin: true);
        var agent = await app.CreateUserAsync(Role.Agent);

        foreach (var url in new[] { "/api/v1/organizations", "/api/v1/teams" })
        {
            var refused = await customer.Client.GetAsync(url);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain(org.Slug);

            (await agent.Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        // The category list is public to every signed-in user (the portal offers it).
        (await customer.Client.GetAsync("/api/v1/categories")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_admins_manage_team_members()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var team = await app.CreateTeamAsync();

        (await agent.Client.PutAsJsonAsync($"/api/v1/teams/{team}/members/{agent.Id}", new { lead = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.TeamMembers.CountAsync(m => m.TeamId == team))).ShouldBe(0);

        (await admin.Client.PutAsJsonAsync($"/api/v1/teams/{team}/members/{agent.Id}", new { lead = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.Client.DeleteAsync($"/api/v1/teams/{team}/members/{agent.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.TeamMembers.CountAsync(m => m.TeamId == team))).ShouldBe(1);
    }

    /// <summary>Users, organizations, teams and categories, all together.</summary>
    private Task<int> CountAsync() => app.WithDbAsync(async db =>
        await db.Users.CountAsync() + await db.Organizations.CountAsync() + await db.Teams.CountAsync() + await db.Categories.CountAsync());
}

[Collection("sqlite")]
public sealed class SqliteAdminEndpointTests(SqliteApp app) : AdminEndpointTests(app);

[Collection("postgres")]
public sealed class PostgresAdminEndpointTests(PostgresApp app) : AdminEndpointTests(app);
