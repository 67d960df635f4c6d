using System.Security.Cryptography;
using System.Text;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// A bearer token for the REST API. Only a SHA-256 hash of the secret is stored: the token has 256
/// bits of entropy, so a slow password hash would add nothing but latency to every API call.
/// </summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "hmi_";

    private ApiToken() { }

    private ApiToken(int userId, string name, string hash, string hint, DateTime now)
    {
        UserId = userId;
        Name = name;
        Hash = hash;
        Hint = hint;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public int UserId { get; private set; }
    public User? User { get; private set; }
    public string Name { get; private set; } = "";
    public string Hash { get; private set; } = "";

    /// <summary>The first characters of the secret, so people can tell their tokens apart.</summary>
    public string Hint { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Creates a token and returns its secret, which is shown once and never stored.</summary>
    public static (ApiToken Token, string Secret) Issue(User user, string name, DateTime now)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new ApiToken(user.Id, name.Trim(), HashSecret(secret), secret[..(SecretPrefix.Length + 6)], now), secret);
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public void MarkUsed(DateTime now) => LastUsedAt = now;
}
