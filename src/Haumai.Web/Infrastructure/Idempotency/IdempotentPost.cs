using System.Security.Cryptography;
using System.Text.Json;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Infrastructure.Idempotency;

/// <summary>
/// Runs a POST at most once per <c>Idempotency-Key</c> and user: the work and the record of its
/// answer commit together, a retry gets the first answer back (with <c>Idempotent-Replayed:
/// true</c>), and the same key with another body is refused (422) rather than guessed at.
/// </summary>
public sealed class IdempotentPost(HaumaiDb db, CurrentUser user, TimeProvider clock, IOptions<JsonOptions> json)
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// <paramref name="work"/> does the change (and its SaveChanges) and returns the answer;
    /// only a 2xx answer is remembered, so a request refused for bad input can be corrected and retried.
    /// </summary>
    public async Task<IResult> RunAsync<TRequest>(HttpContext http, TRequest request, Func<CancellationToken, Task<(IResult Result, int Status, string? Location, object? Body)>> work)
    {
        var ct = http.RequestAborted;
        string? key = http.Request.Headers[Header];
        if (key is null)
        {
            return (await work(ct)).Result;
        }
        if (key.Length is 0 or > IdempotencyRecord.MaxKeyLength)
        {
            return Validation.Problem(Header, $"The key must be 1 to {IdempotencyRecord.MaxKeyLength} characters.");
        }
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, json.Value.SerializerOptions)));
        var userId = user.Id;
        if (await FindAsync(userId, key, ct) is { } earlier)
        {
            return Replay(earlier, requestHash);
        }

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var outcome = await work(ct);
        if (outcome.Status is < 200 or >= 300)
        {
            return outcome.Result;
        }
        db.IdempotencyRecords.Add(new IdempotencyRecord(userId, key, requestHash, outcome.Status, outcome.Location,
            JsonSerializer.Serialize(outcome.Body, json.Value.SerializerOptions), clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return outcome.Result;
        }
        catch (DbUpdateException)
        {
            // Another request with this key committed first: ours is rolled back, theirs stands.
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await FindAsync(userId, key, ct) is { } winner)
            {
                return Replay(winner, requestHash);
            }
            throw;
        }
    }

    private Task<IdempotencyRecord?> FindAsync(int userId, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);

    private static IResult Replay(IdempotencyRecord earlier, string requestHash)
    {
        if (earlier.RequestHash != requestHash)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                type: Problems.IdempotencyKeyReused,
                title: "Idempotency key reused",
                detail: "This Idempotency-Key was already used with a different request body.");
        }
        return new ReplayResult(earlier);
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = record.StatusCode;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                http.Response.Headers.Location = record.Location;
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(record.ResponseBody, http.RequestAborted);
        }
    }
}
