using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/organizations: list and search, create, plan, contract, members.</summary>
public abstract class OrganizationPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_admin_creates_a_paid_organization()
    {
        var (admin, _) = await app.SignedInAsync();
        var slug = AdminForms.Unique("sao-mai");

        var location = await admin.SubmitAsync("/admin/organizations/new", null,
            ("Input.Name", "Công ty Cổ phần Sao Mai"), ("Input.Slug", slug), ("Input.Plan", "paid")).ShouldRedirectAsync();

        var org = await app.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Slug == slug));
        location.ShouldBe($"/admin/organizations/{org.Id}");
        org.Name.ShouldBe("Công ty Cổ phần Sao Mai");
        org.Plan.ShouldBe(Plan.Paid);
        var page = await admin.HtmlAsync(location);
        page.ShouldContain("Đã tạo tổ chức Công ty Cổ phần Sao Mai.");
        page.ShouldContain("Không có hợp đồng");
    }

    [Fact]
    public async Task Bad_input_and_a_taken_slug_are_refused_and_nothing_is_created()
    {
        var (admin, _) = await app.SignedInAsync();
        var existing = await app.CreateOrganizationAsync();
        var before = await app.WithDbAsync(db => db.Organizations.CountAsync());

        var taken = await admin.SubmitAsync("/admin/organizations/new", null,
            ("Input.Name", "Trùng"), ("Input.Slug", existing.Slug), ("Input.Plan", "free")).ShouldFailAsync();
        taken.ShouldContain("Mã định danh này đã được dùng.");

        var bad = await admin.SubmitAsync("/admin/organizations/new", null,
            ("Input.Name", ""), ("Input.Slug", "-sai"), ("Input.Plan", "gold")).ShouldFailAsync();
        bad.ShouldContain("Hãy điền trường này.");
        bad.ShouldContain("Mã định danh chỉ gồm chữ thường");
        bad.ShouldContain("Gói dịch vụ phải là miễn phí hoặc trả phí.");

        (await app.WithDbAsync(db => db.Organizations.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task The_list_searches_and_filters_by_plan()
    {
        var (admin, _) = await app.SignedInAsync();
        var paid = await app.CreateOrganizationAsync(Plan.Paid);
        var free = await app.CreateOrganizationAsync(Plan.Free);

        var found = await admin.HtmlAsync($"/admin/organizations?q={paid.Slug}");
        found.ShouldContain($"data-organization-id=\"{paid.Id}\"");
        found.ShouldNotContain($"data-organization-id=\"{free.Id}\"");

        // Other tests of the fixture add organizations too: search each by its own slug, so the
        // page (25 rows) cannot push the one looked for off the first page.
        (await admin.HtmlAsync($"/admin/organizations?q={free.Slug}&plan=free")).ShouldContain($"data-organization-id=\"{free.Id}\"");
        (await admin.HtmlAsync($"/admin/organizations?q={paid.Slug}&plan=free")).ShouldNotContain($"data-organization-id=\"{paid.Id}\"");
        (await admin.HtmlAsync($"/admin/organizations?q={paid.Slug}&plan=paid")).ShouldContain($"data-organization-id=\"{paid.Id}\"");
    }

    [Fact]
    public async Task An_admin_changes_the_plan_and_the_name_but_not_the_slug()
    {
        var (admin, _) = await app.SignedInAsync();
        var org = await app.CreateOrganizationAsync(Plan.Free);
        var url = $"/admin/organizations/{org.Id}";

        await admin.SubmitAsync(url, "Save", ("Input.Name", "Công ty TNHH Bình Minh"), ("Input.Slug", org.Slug), ("Input.Plan", "paid")).ShouldRedirectAsync();
        var saved = await app.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == org.Id));
        saved.Name.ShouldBe("Công ty TNHH Bình Minh");
        saved.Plan.ShouldBe(Plan.Paid);

        await admin.SubmitAsync(url, "Save", ("Input.Name", "Khác"), ("Input.Slug", "slug-moi"), ("Input.Plan", "free")).ShouldFailAsync();
        (await app.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == org.Id))).Slug.ShouldBe(org.Slug);
    }

    [Fact]
    public async Task A_contract_is_signed_replaced_and_removed()
    {
        var (admin, _) = await app.SignedInAsync();
        var org = await app.CreateOrganizationAsync(Plan.Paid);
        var url = $"/admin/organizations/{org.Id}";

        (await admin.SubmitAsync(url, "Contract", ("Contract.Number", "HĐ-2026/015"), ("Contract.StartsOn", "2026-01-01"),
            ("Contract.EndsOn", "2026-12-31"), ("Contract.Terms", "Hỗ trợ 24/7, 20 giờ phát triển mỗi quý")).ShouldRedirectAsync()).ShouldBe($"{url}#contract");
        var contract = await ContractAsync(org.Id);
        contract!.Number.ShouldBe("HĐ-2026/015");
        contract.StartsOn.ShouldBe(new DateOnly(2026, 1, 1));
        contract.EndsOn.ShouldBe(new DateOnly(2026, 12, 31));
        contract.Terms.ShouldBe("Hỗ trợ 24/7, 20 giờ phát triển mỗi quý");
        (await admin.HtmlAsync(url)).ShouldContain("value=\"2026-12-31\"");

        // A new contract replaces the old one (one per organization), without an end date.
        await admin.SubmitAsync(url, "Contract", ("Contract.Number", "HĐ-2027/001"), ("Contract.StartsOn", "2027-01-01"),
            ("Contract.EndsOn", ""), ("Contract.Terms", "")).ShouldRedirectAsync();
        var replaced = await ContractAsync(org.Id);
        replaced!.Number.ShouldBe("HĐ-2027/001");
        replaced.EndsOn.ShouldBeNull();
        replaced.Terms.ShouldBeNull();
        (await app.WithDbAsync(db => db.Contracts.CountAsync(c => c.OrganizationId == org.Id))).ShouldBe(1);

        await admin.SubmitAsync(url, "EndContract").ShouldRedirectAsync();
        (await ContractAsync(org.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task A_contract_that_ends_before_it_starts_or_has_no_number_is_refused()
    {
        var (admin, _) = await app.SignedInAsync();
        var org = await app.CreateOrganizationAsync(Plan.Paid);
        var url = $"/admin/organizations/{org.Id}";

        var backwards = await admin.SubmitAsync(url, "Contract", ("Contract.Number", "HĐ-1"), ("Contract.StartsOn", "2026-06-01"), ("Contract.EndsOn", "2026-05-31"))
            .ShouldFailAsync();
        backwards.ShouldContain("Hợp đồng không thể kết thúc trước khi bắt đầu.");

        var empty = await admin.SubmitAsync(url, "Contract", ("Contract.Number", ""), ("Contract.StartsOn", "ngày mai"), ("Contract.EndsOn", "")).ShouldFailAsync();
        empty.ShouldContain("Hãy điền trường này.");
        empty.ShouldContain("Hãy nhập một ngày.");

        (await ContractAsync(org.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task The_page_lists_the_organizations_customers_only()
    {
        var (admin, _) = await app.SignedInAsync();
        var org = await app.CreateOrganizationAsync();
        var other = await app.CreateOrganizationAsync();
        var mine = await app.CreateUserAsync(Role.Customer, org.Slug, orgAdmin: true, name: "Trịnh Công Sơn");
        var theirs = await app.CreateUserAsync(Role.Customer, other.Slug, name: "Người Ngoài");

        var html = await admin.HtmlAsync($"/admin/organizations/{org.Id}");

        html.ShouldContain($"href=\"/admin/users/{mine.Id}\"");
        html.ShouldContain("Trịnh Công Sơn");
        html.ShouldContain("Quản trị tổ chức");
        html.ShouldNotContain("Người Ngoài");
        html.ShouldContain($"href=\"/admin/users/new?org={org.Id}\"");
    }

    private Task<Contract?> ContractAsync(int orgId) =>
        app.WithDbAsync(db => db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.OrganizationId == orgId));
}

[Collection("sqlite")]
public sealed class SqliteOrganizationPageTests(SqliteApp app) : OrganizationPageTests(app);

[Collection("postgres")]
public sealed class PostgresOrganizationPageTests(PostgresApp app) : OrganizationPageTests(app);
