using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/teams: create, edit, members and leads.</summary>
public abstract class TeamPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task The_seeded_teams_are_listed()
    {
        var (admin, _) = await app.SignedInAsync();

        var html = await admin.HtmlAsync("/admin/teams");

        html.ShouldContain("Hỗ trợ kỹ thuật");
        html.ShouldContain("Kinh doanh");
        html.ShouldContain("<code>technical</code>");
    }

    [Fact]
    public async Task An_admin_creates_a_team_on_office_hours_with_round_robin()
    {
        var (admin, _) = await app.SignedInAsync();
        var slug = AdminForms.Unique("mang");

        var location = await admin.SubmitAsync("/admin/teams/new", null,
            ("Input.Name", "Nhóm mạng"), ("Input.Slug", slug), ("Input.Assignment", "round_robin"), ("Input.Calendar", "office-hours")).ShouldRedirectAsync();

        var team = await app.WithDbAsync(db => db.Teams.AsNoTracking().SingleAsync(t => t.Slug == slug));
        location.ShouldBe($"/admin/teams/{team.Id}");
        team.Name.ShouldBe("Nhóm mạng");
        team.Assignment.ShouldBe(AssignmentMode.RoundRobin);
        team.CalendarSlug.ShouldBe("office-hours");
        (await admin.HtmlAsync(location)).ShouldContain("Đã tạo nhóm Nhóm mạng.");
    }

    [Fact]
    public async Task A_bad_or_taken_slug_and_an_unknown_calendar_are_refused()
    {
        var (admin, _) = await app.SignedInAsync();
        var before = await app.WithDbAsync(db => db.Teams.CountAsync());

        var badSlug = await admin.SubmitAsync("/admin/teams/new", null,
            ("Input.Name", "Nhóm X"), ("Input.Slug", "Nhóm X"), ("Input.Assignment", "manual"), ("Input.Calendar", "24x7")).ShouldFailAsync();
        badSlug.ShouldContain("Mã định danh chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.");

        var taken = await admin.SubmitAsync("/admin/teams/new", null,
            ("Input.Name", "Kỹ thuật 2"), ("Input.Slug", "technical"), ("Input.Assignment", "manual"), ("Input.Calendar", "24x7")).ShouldFailAsync();
        taken.ShouldContain("Mã định danh này đã được dùng.");

        var calendar = await admin.SubmitAsync("/admin/teams/new", null,
            ("Input.Name", "Nhóm Y"), ("Input.Slug", AdminForms.Unique("y")), ("Input.Assignment", "manual"), ("Input.Calendar", "lich-khong-co")).ShouldFailAsync();
        calendar.ShouldContain("Không có lịch làm việc này.");

        var mode = await admin.SubmitAsync("/admin/teams/new", null,
            ("Input.Name", "Nhóm Z"), ("Input.Slug", AdminForms.Unique("z")), ("Input.Assignment", "random"), ("Input.Calendar", "24x7")).ShouldFailAsync();
        mode.ShouldContain("Hãy chọn một cách phân công");

        (await app.WithDbAsync(db => db.Teams.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task An_admin_renames_a_team_and_changes_its_assignment_but_not_its_slug()
    {
        var (admin, _) = await app.SignedInAsync();
        var id = await app.CreateTeamAsync();
        var slug = await app.WithDbAsync(db => db.Teams.Where(t => t.Id == id).Select(t => t.Slug).SingleAsync());
        var url = $"/admin/teams/{id}";

        await admin.SubmitAsync(url, "Save", ("Input.Name", "Nhóm hosting"), ("Input.Slug", slug), ("Input.Assignment", "least_loaded"), ("Input.Calendar", "office-hours"))
            .ShouldRedirectAsync();
        var team = await app.WithDbAsync(db => db.Teams.AsNoTracking().SingleAsync(t => t.Id == id));
        team.Name.ShouldBe("Nhóm hosting");
        team.Assignment.ShouldBe(AssignmentMode.LeastLoaded);
        team.CalendarSlug.ShouldBe("office-hours");

        var html = await admin.SubmitAsync(url, "Save", ("Input.Name", "Đổi tên"), ("Input.Slug", "slug-khac"), ("Input.Assignment", "manual"), ("Input.Calendar", "24x7"))
            .ShouldFailAsync();
        html.ShouldContain("Mã định danh không thay đổi được");
        (await app.WithDbAsync(db => db.Teams.Where(t => t.Id == id).Select(t => t.Name).SingleAsync())).ShouldBe("Nhóm hosting");
    }

    [Fact]
    public async Task Members_are_added_made_lead_and_removed()
    {
        var (admin, _) = await app.SignedInAsync();
        var agent = await app.CreateUserAsync(Role.Agent, name: "Ngô Bảo Châu");
        var id = await app.CreateTeamAsync();
        var url = $"/admin/teams/{id}";
        (await admin.HtmlAsync(url)).ShouldContain($"<option value=\"{agent.Id}\">Ngô Bảo Châu");

        (await admin.SubmitAsync(url, "Member", ("userId", agent.Id.ToString()), ("lead", "true")).ShouldRedirectAsync()).ShouldBe($"{url}#members");
        (await MemberAsync(id, agent.Id))!.IsLead.ShouldBeTrue();
        var page = await admin.HtmlAsync(url);
        page.ShouldContain($"data-member-id=\"{agent.Id}\"");
        page.ShouldContain("Thôi làm trưởng nhóm");
        (await admin.HtmlAsync("/admin/teams")).ShouldContain("Ngô Bảo Châu");

        await admin.SubmitAsync(url, "Member", ("userId", agent.Id.ToString()), ("lead", "false")).ShouldRedirectAsync();
        (await MemberAsync(id, agent.Id))!.IsLead.ShouldBeFalse();

        await admin.SubmitAsync(url, "Remove", ("userId", agent.Id.ToString())).ShouldRedirectAsync();
        (await MemberAsync(id, agent.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task Customers_and_deactivated_people_cannot_join_a_team()
    {
        var (admin, _) = await app.SignedInAsync();
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug);
        var id = await app.CreateTeamAsync();
        var url = $"/admin/teams/{id}";
        (await admin.HtmlAsync(url)).ShouldNotContain($"<option value=\"{customer.Id}\"");

        var html = await admin.SubmitAsync(url, "Member", ("userId", customer.Id.ToString()), ("lead", "false")).ShouldFailAsync();

        html.ShouldContain("Chỉ nhân viên hỗ trợ và quản trị viên đang hoạt động mới vào được nhóm.");
        (await MemberAsync(id, customer.Id)).ShouldBeNull();
    }

    private Task<TeamMember?> MemberAsync(int teamId, int userId) =>
        app.WithDbAsync(db => db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == userId));
}

[Collection("sqlite")]
public sealed class SqliteTeamPageTests(SqliteApp app) : TeamPageTests(app);

[Collection("postgres")]
public sealed class PostgresTeamPageTests(PostgresApp app) : TeamPageTests(app);
