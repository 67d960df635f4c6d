using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Identity;

/// <summary>API tokens: the secret is shown once, stored only as a hash, and dies with its user.</summary>
public abstract class ApiTokenTests(HaumaiFactory app)
{
    [Fact]
    public async Task Creating_a_token_returns_its_secret_once_and_the_secret_works()
    {
        var user = await app.CreateUserAsync(Role.Agent);

        var response = await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "  CI máy chủ  " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        var id = (int)created["id"]!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tokens/{id}");
        ((string)created["name"]!).ShouldBe("CI máy chủ");
        var secret = (string)created["token"]!;
        secret.ShouldStartWith(ApiToken.SecretPrefix);
        secret.Length.ShouldBeGreaterThanOrEqualTo(ApiToken.SecretPrefix.Length + 43); // 32 random bytes
        ((string)created["hint"]!).ShouldBe(secret[..10]);

        var me = await (await app.ClientWithToken(secret).GetAsync("/api/v1/me")).ReadJsonAsync();
        ((int)me["id"]!).ShouldBe(user.Id);

        var second = await (await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "CI máy chủ" })).ReadJsonAsync();
        ((string)second["token"]!).ShouldNotBe(secret);
    }

    [Fact]
    public async Task Listing_tokens_never_shows_a_secret_or_a_hash()
    {
        var user = await app.CreateUserAsync(Role.Customer);
        var secret = (string)(await (await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop" })).ReadJsonAsync())["token"]!;

        var response = await user.Client.GetAsync("/api/v1/tokens");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var hashes = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.UserId == user.Id).Select(t => t.Hash).ToListAsync());
        hashes.Count.ShouldBe(2);
        text.ShouldNotContain(secret);
        text.ShouldNotContain(user.Token);
        foreach (var hash in hashes)
        {
            text.ShouldNotContain(hash, Case.Insensitive);
        }
        var items = (await response.ReadJsonAsync()).AsArray();
        items.Select(t => (string)t!["name"]!).ShouldBe(["tests", "laptop"]);
        foreach (var item in items)
        {
            item!.AsObject().Select(p => p.Key).ShouldBe(["id", "name", "hint", "createdAt", "lastUsedAt", "revokedAt"], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task The_database_keeps_only_the_sha256_of_the_secret()
    {
        var user = await app.CreateUserAsync(Role.Agent);
        var created = await (await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "script" })).ReadJsonAsync();
        var secret = (string)created["token"]!;
        var id = (int)created["id"]!;

        var row = await app.WithDbAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id));

        row.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
        row.Hash.ShouldNotContain(secret[ApiToken.SecretPrefix.Length..]);
        row.Hint.Length.ShouldBeLessThan(secret.Length / 3); // a hint, not the secret
        secret.ShouldStartWith(row.Hint);
        // Nothing else in the row holds the secret either.
        new[] { row.Name, row.Hash, row.Hint }.ShouldNotContain(v => v.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_cannot_revoke_someone_elses_token_but_an_admin_can()
    {
        var owner = await app.CreateUserAsync(Role.Customer);
        var other = await app.CreateUserAsync(Role.Agent);
        var admin = await app.CreateUserAsync(Role.Admin);

        var stranger = await other.Client.DeleteAsync($"/api/v1/tokens/{owner.TokenId}");
        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ((string)(await stranger.ReadJsonAsync())["type"]!).ShouldEndWith("/not-found");
        (await owner.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.ApiTokens.SingleAsync(t => t.Id == owner.TokenId))).RevokedAt.ShouldBeNull();

        (await admin.Client.DeleteAsync($"/api/v1/tokens/{owner.TokenId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await owner.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.ApiTokens.SingleAsync(t => t.Id == owner.TokenId))).RevokedAt.ShouldNotBeNull();
        (await admin.Client.DeleteAsync($"/api/v1/tokens/{int.MaxValue}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_user_revokes_one_of_their_tokens_and_keeps_the_others()
    {
        var user = await app.CreateUserAsync(Role.Agent);
        var spare = await (await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "spare" })).ReadJsonAsync();
        var spareClient = app.ClientWithToken((string)spare["token"]!);

        (await spareClient.DeleteAsync($"/api/v1/tokens/{user.TokenId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await user.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var list = (await (await spareClient.GetAsync("/api/v1/tokens")).ReadJsonAsync()).AsArray();
        list.Single(t => (int)t!["id"]! == user.TokenId)!["revokedAt"].ShouldNotBeNull();
        list.Single(t => (int)t!["id"]! == (int)spare["id"]!)!["revokedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task A_deactivated_users_tokens_are_refused_at_once()
    {
        var user = await app.CreateUserAsync(Role.Agent);
        (await user.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.WithDbAsync(async db =>
        {
            var entity = await db.Users.SingleAsync(u => u.Id == user.Id);
            entity.Deactivate();
            return await db.SaveChangesAsync();
        });

        var refused = await user.Client.GetAsync("/api/v1/me");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await user.Client.GetAsync("/api/v1/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "again" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_without_a_name_is_a_400_naming_the_field()
    {
        var user = await app.CreateUserAsync(Role.Customer);

        var response = await user.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "  " });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("name").ShouldBeTrue();
        (await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == user.Id))).ShouldBe(1);
    }
}

[Collection("sqlite")]
public sealed class SqliteApiTokenTests(SqliteApp app) : ApiTokenTests(app);

[Collection("postgres")]
public sealed class PostgresApiTokenTests(PostgresApp app) : ApiTokenTests(app);
