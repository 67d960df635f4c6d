using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Chat;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/chat-widgets (C1) and /admin/chat-blocks (C4).</summary>
public abstract class ChatWidgetPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_admin_creates_and_edits_a_widget_and_gets_its_script_tag()
    {
        var (admin, _) = await app.SignedInAsync();
        var team = await app.CreateTeamAsync();
        var name = AdminForms.Unique("Web");

        var location = await admin.SubmitAsync("/admin/chat-widgets/new", null,
            ("Input.Name", name), ("Input.TeamId", team.ToString()), ("Input.AllowedOrigins", "HTTPS://Www.Example.VN/\r\nhttp://localhost:8080\r\n\r\n"),
            ("Input.Color", "#112233"), ("Input.GreetingVi", "Xin chào!"), ("Input.GreetingEn", "Hello!"), ("Input.RequireContact", "true"), ("Input.IsActive", "true"))
            .ShouldRedirectAsync();

        var widget = await WidgetAsync(name);
        location.ShouldBe($"/admin/chat-widgets/{widget.Id}");
        widget.AllowedOrigins.ShouldBe("https://www.example.vn http://localhost:8080");
        widget.TeamId.ShouldBe(team);
        widget.Color.ShouldBe("#112233");
        widget.GreetingVi.ShouldBe("Xin chào!");
        widget.RequireContact.ShouldBeTrue();
        widget.IsActive.ShouldBeTrue();
        var page = await admin.HtmlAsync(location);
        page.ShouldContain($"/chat/widget.js&quot; data-widget=&quot;{widget.Key}&quot; async&gt;&lt;/script&gt;");
        page.ShouldContain("&lt;script src=&quot;http://localhost/chat/widget.js");
        (await admin.HtmlAsync("/admin/chat-widgets")).ShouldContain(widget.Key);

        // Unchecked boxes are not posted: contact no longer required, widget switched off.
        await admin.SubmitAsync(location, null,
            ("Input.Name", name), ("Input.TeamId", team.ToString()), ("Input.AllowedOrigins", "https://shop.example.vn"), ("Input.Color", "#445566"))
            .ShouldRedirectAsync();
        widget = await WidgetAsync(name);
        widget.AllowedOrigins.ShouldBe("https://shop.example.vn");
        widget.Color.ShouldBe("#445566");
        widget.RequireContact.ShouldBeFalse();
        widget.IsActive.ShouldBeFalse();
    }

    [Fact]
    public async Task An_origin_with_a_path_is_refused_in_vietnamese_and_nothing_is_saved()
    {
        var (admin, _) = await app.SignedInAsync();
        var team = await app.CreateTeamAsync();
        var name = AdminForms.Unique("Sai");

        var html = await admin.SubmitAsync("/admin/chat-widgets/new", null,
            ("Input.Name", name), ("Input.TeamId", team.ToString()), ("Input.AllowedOrigins", "https://www.example.vn/lien-he"), ("Input.Color", "#112233"))
            .ShouldFailAsync();

        html.ShouldContain("Mỗi origin có dạng scheme://host[:port]");
        (await app.WithDbAsync(db => db.Set<ChatWidget>().AnyAsync(w => w.Name == name))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_block_by_email_stops_the_visitor_at_once_and_deleting_it_lets_them_in()
    {
        var (admin, _) = await app.SignedInAsync();
        var email = $"{AdminForms.Unique("quay-roi")}@khachhang-demo.vn";
        Blocked(null, email).ShouldBeFalse();

        await admin.SubmitAsync("/admin/chat-blocks", "Add", ("Input.Target", email.ToUpperInvariant()), ("Input.Reason", "Quấy rối nhân viên")).ShouldRedirectAsync();

        var block = await app.WithDbAsync(db => db.Set<ChatBlock>().AsNoTracking().SingleAsync(b => b.Email == email));
        Blocked(IPAddress.Parse("198.51.100.1"), email).ShouldBeTrue();
        var html = await admin.HtmlAsync("/admin/chat-blocks");
        html.ShouldContain(email);
        html.ShouldContain("Quấy rối nhân viên");

        await admin.SubmitAsync("/admin/chat-blocks", "Delete", ("blockId", block.Id.ToString())).ShouldRedirectAsync();
        (await app.WithDbAsync(db => db.Set<ChatBlock>().AnyAsync(b => b.Id == block.Id))).ShouldBeFalse();
        Blocked(null, email).ShouldBeFalse();
    }

    [Fact]
    public async Task A_cidr_range_is_blocked_and_a_bad_target_or_missing_reason_is_refused()
    {
        var (admin, _) = await app.SignedInAsync();
        var before = await app.WithDbAsync(db => db.Set<ChatBlock>().CountAsync());

        var bad = await admin.SubmitAsync("/admin/chat-blocks", "Add", ("Input.Target", "300.1.2.0/24"), ("Input.Reason", "Spam")).ShouldFailAsync();
        bad.ShouldContain("Hãy nhập một địa chỉ IP, một dải IP như 203.0.113.0/24, hoặc một email.");
        var noReason = await admin.SubmitAsync("/admin/chat-blocks", "Add", ("Input.Target", "192.0.2.0/24"), ("Input.Reason", "")).ShouldFailAsync();
        noReason.ShouldContain("Hãy điền trường này.");
        (await app.WithDbAsync(db => db.Set<ChatBlock>().CountAsync())).ShouldBe(before);

        await admin.SubmitAsync("/admin/chat-blocks", "Add", ("Input.Target", "192.0.2.0/24"), ("Input.Reason", "Spam")).ShouldRedirectAsync();
        Blocked(IPAddress.Parse("192.0.2.77"), null).ShouldBeTrue();

        var id = await app.WithDbAsync(db => db.Set<ChatBlock>().Where(b => b.IpRange == "192.0.2.0/24").Select(b => b.Id).FirstAsync());
        await admin.SubmitAsync("/admin/chat-blocks", "Delete", ("blockId", id.ToString())).ShouldRedirectAsync();
    }

    [Fact]
    public async Task Agents_and_customers_get_403_on_the_pages_and_their_posts()
    {
        var team = await app.CreateTeamAsync();
        var (admin, _) = await app.SignedInAsync();
        var name = AdminForms.Unique("Cam");
        var location = await admin.SubmitAsync("/admin/chat-widgets/new", null,
            ("Input.Name", name), ("Input.TeamId", team.ToString()), ("Input.AllowedOrigins", "https://a.example.vn")).ShouldRedirectAsync();
        var target = $"{AdminForms.Unique("len")}@khachhang-demo.vn";

        foreach (var role in new[] { Role.Agent, Role.Customer })
        {
            var (browser, _) = await app.SignedInAsync(role);
            var token = await browser.FormTokenAsync("/account/sign-in");
            foreach (var url in new[] { "/admin/chat-widgets", "/admin/chat-widgets/new", location, "/admin/chat-blocks" })
            {
                (await browser.GetAsync(url)).ShouldBeRefused(url);
            }
            (await browser.PostFormAsync("/admin/chat-widgets/new",
                [new("Input.Name", name + "x"), new("Input.TeamId", team.ToString()), new("Input.AllowedOrigins", "https://b.example.vn"), new(SignInHelper.TokenField, token)]))
                .ShouldBeRefused("/admin/chat-widgets/new");
            (await browser.PostFormAsync(location,
                [new("Input.Name", "Đổi lén"), new("Input.TeamId", team.ToString()), new("Input.AllowedOrigins", "https://evil.example"), new(SignInHelper.TokenField, token)]))
                .ShouldBeRefused(location);
            (await browser.PostFormAsync("/admin/chat-blocks?handler=Add", [new("Input.Target", target), new("Input.Reason", "x"), new(SignInHelper.TokenField, token)]))
                .ShouldBeRefused("/admin/chat-blocks");
        }

        (await WidgetAsync(name)).AllowedOrigins.ShouldBe("https://a.example.vn");
        (await app.WithDbAsync(db => db.Set<ChatWidget>().AnyAsync(w => w.Name == name + "x"))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Set<ChatBlock>().AnyAsync(b => b.Email == target))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_a_400_and_changes_nothing()
    {
        var (admin, _) = await app.SignedInAsync();
        var team = await app.CreateTeamAsync();
        var name = AdminForms.Unique("Gia");
        var target = $"{AdminForms.Unique("gia")}@khachhang-demo.vn";

        (await admin.PostFormAsync("/admin/chat-widgets/new", [new("Input.Name", name), new("Input.TeamId", team.ToString()), new("Input.AllowedOrigins", "https://a.example.vn")]))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PostFormAsync("/admin/chat-blocks?handler=Add", [new("Input.Target", target), new("Input.Reason", "x")]))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.WithDbAsync(db => db.Set<ChatWidget>().AnyAsync(w => w.Name == name))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Set<ChatBlock>().AnyAsync(b => b.Email == target))).ShouldBeFalse();
    }

    /// <summary>
    /// The in-memory check of every visitor message, on the node the browsers talk to (BrowserHost,
    /// not app.Services: another host with its own ChatBlocks). Its cache lives 30 s, so true or
    /// false right after the page's POST means the page reloaded it.
    /// </summary>
    private bool Blocked(IPAddress? ip, string? email) =>
        app.BrowserHost().Services.GetRequiredService<ChatBlocks>().IsBlocked(ip, email);

    private Task<ChatWidget> WidgetAsync(string name) =>
        app.WithDbAsync(db => db.Set<ChatWidget>().AsNoTracking().SingleAsync(w => w.Name == name));
}

[Collection("sqlite")]
public sealed class SqliteChatWidgetPageTests(SqliteApp app) : ChatWidgetPageTests(app);

[Collection("postgres")]
public sealed class PostgresChatWidgetPageTests(PostgresApp app) : ChatWidgetPageTests(app);
