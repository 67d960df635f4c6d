using Haumai.Tests.Support;
using Haumai.Web.Features.CannedResponses;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/canned-responses (T8): write, change, delete, placeholders, encoding.</summary>
public abstract class CannedResponsePageTests(HaumaiFactory app)
{
    private const string Body = "Chào {{customer.name}},\n\nYêu cầu {{ticket.number}} ({{ticket.subject}}) đã được xử lý.\n\n{{agent.name}}";

    [Fact]
    public async Task An_admin_writes_changes_and_deletes_a_canned_response()
    {
        var (admin, _) = await app.SignedInAsync();
        var team = await app.CreateTeamAsync();
        var title = AdminForms.Unique("Đã xử lý");

        (await admin.HtmlAsync("/admin/canned-responses/new")).ShouldContain("{{customer.name}}");
        (await admin.SubmitAsync("/admin/canned-responses/new", null, ("Input.Title", title), ("Input.Body", Body), ("Input.TeamId", team.ToString()))
            .ShouldRedirectAsync()).ShouldBe("/admin/canned-responses");
        var created = await app.WithDbAsync(db => db.CannedResponses.AsNoTracking().SingleAsync(r => r.Title == title));
        created.Body.ShouldBe(Body);
        created.TeamId.ShouldBe(team);
        var list = await admin.HtmlAsync($"/admin/canned-responses?team={team}");
        list.ShouldContain($"data-canned-response-id=\"{created.Id}\"");
        list.ShouldContain($"Đã lưu câu trả lời mẫu {title}.");
        (await admin.HtmlAsync("/admin/canned-responses?team=global")).ShouldNotContain($"data-canned-response-id=\"{created.Id}\"");

        var url = $"/admin/canned-responses/{created.Id}";
        await admin.SubmitAsync(url, "Save", ("Input.Title", title + " (mới)"), ("Input.Body", "Xin chào {{customer.name}}."), ("Input.TeamId", "")).ShouldRedirectAsync();
        var changed = await app.WithDbAsync(db => db.CannedResponses.AsNoTracking().SingleAsync(r => r.Id == created.Id));
        changed.Title.ShouldBe(title + " (mới)");
        changed.TeamId.ShouldBeNull();
        changed.UpdatedAt.ShouldBeGreaterThanOrEqualTo(created.UpdatedAt);
        (await admin.HtmlAsync("/admin/canned-responses?team=global")).ShouldContain($"data-canned-response-id=\"{created.Id}\"");

        await admin.SubmitAsync(url, "Delete").ShouldRedirectAsync();
        (await app.WithDbAsync(db => db.CannedResponses.AnyAsync(r => r.Id == created.Id))).ShouldBeFalse();
        (await admin.GetAsync(url)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_misspelt_placeholder_or_an_empty_title_is_refused_and_nothing_is_saved()
    {
        var (admin, _) = await app.SignedInAsync();
        var before = await app.WithDbAsync(db => db.CannedResponses.CountAsync());

        var placeholder = await admin.SubmitAsync("/admin/canned-responses/new", null,
            ("Input.Title", "Lời chào"), ("Input.Body", "Chào {{customer.nam}}"), ("Input.TeamId", "")).ShouldFailAsync();
        placeholder.ShouldContain("Biến thay thế không hợp lệ: chỉ dùng {{customer.name}}");
        placeholder.ShouldContain("Chào {{customer.nam}}</textarea>");

        var empty = await admin.SubmitAsync("/admin/canned-responses/new", null,
            ("Input.Title", " "), ("Input.Body", ""), ("Input.TeamId", "")).ShouldFailAsync();
        empty.ShouldContain("Hãy điền trường này.");

        var team = await admin.SubmitAsync("/admin/canned-responses/new", null,
            ("Input.Title", "Lời chào"), ("Input.Body", "Chào bạn"), ("Input.TeamId", "999999")).ShouldFailAsync();
        team.ShouldContain("Không có nhóm này.");

        (await app.WithDbAsync(db => db.CannedResponses.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Titles_and_bodies_are_shown_encoded()
    {
        var (admin, _) = await app.SignedInAsync();
        var response = await app.WithDbAsync(async db =>
        {
            var r = new CannedResponse("<img src=x onerror=alert(1)>", "</textarea><script>alert(2)</script>", null, app.Clock.GetUtcNow().UtcDateTime);
            db.CannedResponses.Add(r);
            await db.SaveChangesAsync();
            return r;
        });

        var list = await admin.HtmlAsync("/admin/canned-responses");
        var page = await admin.HtmlAsync($"/admin/canned-responses/{response.Id}");

        foreach (var html in new[] { list, page })
        {
            html.ShouldNotContain("<img src=x");
            html.ShouldNotContain("<script>alert(2)");
            html.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteCannedResponsePageTests(SqliteApp app) : CannedResponsePageTests(app);

[Collection("postgres")]
public sealed class PostgresCannedResponsePageTests(PostgresApp app) : CannedResponsePageTests(app);
