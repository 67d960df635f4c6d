using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Infrastructure.Idempotency;

/// <summary>
/// The first answer to a POST that carried an <c>Idempotency-Key</c>. It is written in the same
/// transaction as what the POST created, so a retry after a lost answer finds either nothing
/// (the first attempt did not happen) or this record (it did), never half of it.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 200;

    private IdempotencyRecord() { }

    public IdempotencyRecord(int userId, string key, string requestHash, int statusCode, string? location, string responseBody, DateTime now)
    {
        UserId = userId;
        Key = key;
        RequestHash = requestHash;
        StatusCode = statusCode;
        Location = location;
        ResponseBody = responseBody;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public int UserId { get; private set; }
    public string Key { get; private set; } = "";

    /// <summary>A hash of the request body: the same key with another body is a client bug.</summary>
    public string RequestHash { get; private set; } = "";
    public int StatusCode { get; private set; }
    public string? Location { get; private set; }
    public string ResponseBody { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength).IsRequired();
        b.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
        b.Property(r => r.RequestHash).HasMaxLength(64).IsRequired();
        b.Property(r => r.Location).HasMaxLength(300);
        b.Property(r => r.ResponseBody).IsRequired();
        b.HasIndex(r => r.CreatedAt);
        b.HasOne<Features.Identity.User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
