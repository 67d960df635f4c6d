namespace Haumai.Bench;

// Rows as the migration's tables hold them (snake_case columns, enums as their stored form),
// so that the writers are a plain column-by-column copy.

public sealed record OrganizationRow(int Id, string Slug, string Name, string Plan, DateTime CreatedAt);

public sealed record UserRow(int Id, string Email, string Name, string Role, int? OrganizationId, bool IsOrgAdmin, DateTime CreatedAt);

public sealed record TeamMemberRow(int TeamId, int UserId, bool IsLead);

public readonly record struct TicketRow(
    long Id, string Subject, int RequesterId, int? OrganizationId, string Channel, int? CategoryId, int Priority,
    string Status, bool IsOpen, int? AssigneeId, int? TeamId, DateTime CreatedAt, DateTime UpdatedAt,
    DateTime? SolvedAt, DateTime? ClosedAt, int Version);

public readonly record struct MessageRow(long Id, long TicketId, int AuthorId, string Body, bool IsInternal, DateTime CreatedAt);

public readonly record struct EventRow(long Id, long TicketId, int? ActorId, string Type, string? Data, DateTime CreatedAt);

public sealed record ReferenceData(
    IReadOnlyList<OrganizationRow> Organizations,
    IReadOnlyList<UserRow> Users,
    IReadOnlyList<TeamMemberRow> TeamMembers);

/// <summary>A batch of tickets with their children; one transaction (SQLite) or three COPYs (PostgreSQL).</summary>
public sealed class TicketChunk
{
    public List<TicketRow> Tickets { get; } = [];
    public List<MessageRow> Messages { get; } = [];
    public List<EventRow> Events { get; } = [];

    public int Rows => Tickets.Count + Messages.Count + Events.Count;
}

public sealed record CategoryInfo(int Id, string Slug, int? TeamId, int DefaultPriority);

public sealed record TeamInfo(int Id, string Slug);

/// <summary>Writes generated rows into one provider's database.</summary>
public interface IBulkWriter : IAsyncDisposable
{
    Task WriteReferenceAsync(ReferenceData data, CancellationToken ct);

    Task WriteChunkAsync(TicketChunk chunk, CancellationToken ct);

    /// <summary>Identity sequences, statistics: what the database needs after a bulk load.</summary>
    Task FinishAsync(CancellationToken ct);
}
