using Haumai.Tests.Support;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>
/// /admin/categories (T2). The seeded categories are shared by every test of the fixture, so the
/// tests that change one make their own first.
/// </summary>
public abstract class CategoryPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task The_T2_categories_are_listed_with_their_team_and_priority()
    {
        var (admin, _) = await app.SignedInAsync();

        var html = await admin.HtmlAsync("/admin/categories");

        foreach (var name in new[] { "Hướng dẫn sử dụng", "Lỗi kỹ thuật", "Khiếu nại", "Yêu cầu bảo hành", "Tư vấn bán hàng" })
        {
            html.ShouldContain(name);
        }
        html.ShouldContain("<code>technical-fault</code>");
        html.ShouldContain("priority-high");
        html.ShouldContain("Hỗ trợ kỹ thuật");

        var english = await admin.HtmlAsync("/admin/categories?culture=en-US");
        english.ShouldContain("Technical fault");
        english.ShouldContain("Default priority");
    }

    [Fact]
    public async Task An_admin_creates_a_category_and_then_re_routes_and_retires_it()
    {
        var (admin, _) = await app.SignedInAsync();
        var slug = AdminForms.Unique("loai");
        var teams = await app.WithDbAsync(db => db.Teams.Where(t => t.Slug == "technical" || t.Slug == "sales").ToDictionaryAsync(t => t.Slug, t => t.Id));

        (await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Yêu cầu sao lưu"), ("Input.NameEn", "Backup request"), ("Input.Slug", slug), ("Input.TeamId", teams["technical"].ToString()),
            ("Input.DefaultPriority", "medium"), ("Input.TypicalEffortMinutes", "90"), ("Input.Position", "95"),
            ("Input.Active", "true"), ("Input.Active", "false")).ShouldRedirectAsync()).ShouldBe("/admin/categories");
        var created = await CategoryAsync(slug);
        created.Name.ShouldBe("Yêu cầu sao lưu");
        created.NameEn.ShouldBe("Backup request");
        created.TeamId.ShouldBe(teams["technical"]);
        created.DefaultPriority.ShouldBe(Priority.Medium);
        created.TypicalEffortMinutes.ShouldBe(90);
        created.Position.ShouldBe(95);
        created.IsActive.ShouldBeTrue();

        await admin.SubmitAsync($"/admin/categories/{created.Id}", null,
            ("Input.Name", "Yêu cầu sao lưu dữ liệu"), ("Input.NameEn", "Data backup request"), ("Input.Slug", slug), ("Input.TeamId", teams["sales"].ToString()),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "30"), ("Input.Position", "96"), ("Input.Active", "false")).ShouldRedirectAsync();
        var changed = await CategoryAsync(slug);
        changed.Name.ShouldBe("Yêu cầu sao lưu dữ liệu");
        changed.TeamId.ShouldBe(teams["sales"]);
        changed.DefaultPriority.ShouldBe(Priority.Low);
        changed.TypicalEffortMinutes.ShouldBe(30);
        changed.IsActive.ShouldBeFalse();
        (await admin.HtmlAsync("/admin/categories")).ShouldContain("Ngừng sử dụng");
    }

    [Fact]
    public async Task Bad_numbers_a_taken_slug_and_an_unknown_team_are_refused_and_nothing_changes()
    {
        var (admin, _) = await app.SignedInAsync();
        var before = await app.WithDbAsync(db => db.Categories.CountAsync());

        var numbers = await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Loại A"), ("Input.NameEn", "Kind A"), ("Input.Slug", AdminForms.Unique("a")), ("Input.TeamId", ""),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "một giờ"), ("Input.Position", "0")).ShouldFailAsync();
        numbers.ShouldContain("Hãy nhập một số nguyên.");

        var range = await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Loại B"), ("Input.NameEn", "Kind B"), ("Input.Slug", AdminForms.Unique("b")), ("Input.TeamId", ""),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "0"), ("Input.Position", "0")).ShouldFailAsync();
        range.ShouldContain($"Hãy nhập một số từ 1 đến {Category.MaxTypicalEffortMinutes}.");

        var taken = await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Trùng"), ("Input.NameEn", "Same"), ("Input.Slug", "complaint"), ("Input.TeamId", ""),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "60"), ("Input.Position", "0")).ShouldFailAsync();
        taken.ShouldContain("Mã định danh này đã được dùng.");

        var team = await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Loại C"), ("Input.NameEn", "Kind C"), ("Input.Slug", AdminForms.Unique("c")), ("Input.TeamId", "999999"),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "60"), ("Input.Position", "0")).ShouldFailAsync();
        team.ShouldContain("Không có nhóm này.");

        var priority = await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Loại D"), ("Input.NameEn", "Kind D"), ("Input.Slug", AdminForms.Unique("d")), ("Input.TeamId", "abc"),
            ("Input.DefaultPriority", "critical"), ("Input.TypicalEffortMinutes", "60"), ("Input.Position", "0")).ShouldFailAsync();
        priority.ShouldContain("Giá trị này không hợp lệ.");
        priority.ShouldNotContain("is not valid for");

        (await app.WithDbAsync(db => db.Categories.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_category_keeps_its_slug()
    {
        var (admin, _) = await app.SignedInAsync();
        var slug = AdminForms.Unique("giu");
        await admin.SubmitAsync("/admin/categories/new", null,
            ("Input.Name", "Giữ mã"), ("Input.NameEn", "Keep slug"), ("Input.Slug", slug), ("Input.TeamId", ""),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "60"), ("Input.Position", "0"), ("Input.Active", "true")).ShouldRedirectAsync();
        var id = (await CategoryAsync(slug)).Id;

        var html = await admin.SubmitAsync($"/admin/categories/{id}", null,
            ("Input.Name", "Giữ mã"), ("Input.NameEn", "Keep slug"), ("Input.Slug", "ma-moi"), ("Input.TeamId", ""),
            ("Input.DefaultPriority", "low"), ("Input.TypicalEffortMinutes", "60"), ("Input.Position", "0"), ("Input.Active", "true")).ShouldFailAsync();

        html.ShouldContain("Mã định danh không thay đổi được");
        (await CategoryAsync(slug)).Id.ShouldBe(id);
    }

    private Task<Category> CategoryAsync(string slug) => app.WithDbAsync(db => db.Categories.AsNoTracking().SingleAsync(c => c.Slug == slug));
}

[Collection("sqlite")]
public sealed class SqliteCategoryPageTests(SqliteApp app) : CategoryPageTests(app);

[Collection("postgres")]
public sealed class PostgresCategoryPageTests(PostgresApp app) : CategoryPageTests(app);
