using System.Net;
using System.Text.RegularExpressions;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/tokens (X2): create one's own token (secret shown once), see and revoke everyone's.</summary>
public abstract partial class TokenPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task A_new_token_is_shown_once_and_works_on_the_api()
    {
        var (admin, me) = await app.SignedInAsync();

        var response = await admin.SubmitAsync("/admin/tokens", "Create", ("Name", "Đồng bộ hoá đơn"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync();
        var secret = Secret().Match(html).Groups[1].Value;
        secret.ShouldStartWith(ApiToken.SecretPrefix);
        html.ShouldContain("Hãy sao chép ngay: mã sẽ không hiện lại nữa.");

        var token = await app.WithDbAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Name == "Đồng bộ hoá đơn" && t.UserId == me.Id));
        token.Hash.ShouldBe(ApiToken.HashSecret(secret));
        var me2 = await app.ClientWithToken(secret).GetAsync("/api/v1/me");
        me2.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Never again: the list shows its first characters only.
        var list = await admin.HtmlAsync("/admin/tokens");
        list.ShouldNotContain(secret);
        list.ShouldContain($"data-token-id=\"{token.Id}\"");
        list.ShouldContain(token.Hint);
    }

    [Fact]
    public async Task A_token_needs_a_name()
    {
        var (admin, me) = await app.SignedInAsync();
        var before = await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == me.Id));

        var html = await (await admin.SubmitAsync("/admin/tokens", "Create", ("Name", "  "))).Content.ReadAsStringAsync();

        html.ShouldContain("Hãy điền trường này.");
        Secret().IsMatch(html).ShouldBeFalse();
        (await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == me.Id))).ShouldBe(before);
    }

    [Fact]
    public async Task An_admin_sees_and_revokes_another_users_token()
    {
        var (admin, _) = await app.SignedInAsync();
        var agent = await app.CreateUserAsync(Role.Agent, name: "Đỗ Thị Hà");

        var list = await admin.HtmlAsync($"/admin/tokens?user={agent.Id}");
        list.ShouldContain($"data-token-id=\"{agent.TokenId}\"");
        list.ShouldContain("Mã truy cập của Đỗ Thị Hà");
        (await admin.HtmlAsync("/admin/tokens")).ShouldContain($"data-token-id=\"{agent.TokenId}\"");

        var location = await admin.SubmitAsync($"/admin/tokens?user={agent.Id}", "Revoke", ("tokenId", agent.TokenId.ToString())).ShouldRedirectAsync();

        location.ShouldBe($"/admin/tokens?user={agent.Id}");
        (await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == agent.TokenId).Select(t => t.RevokedAt).SingleAsync())).ShouldNotBeNull();
        (await agent.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.HtmlAsync(location)).ShouldContain("Đã thu hồi");
    }

    [Fact]
    public async Task Revoking_a_token_that_does_not_exist_is_a_404()
    {
        var (admin, _) = await app.SignedInAsync();

        var response = await admin.SubmitAsync("/admin/tokens", "Revoke", ("tokenId", "999999"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [GeneratedRegex("id=\"token-secret\" value=\"([^\"]+)\"")]
    private static partial Regex Secret();
}

[Collection("sqlite")]
public sealed class SqliteTokenPageTests(SqliteApp app) : TokenPageTests(app);

[Collection("postgres")]
public sealed class PostgresTokenPageTests(PostgresApp app) : TokenPageTests(app);
