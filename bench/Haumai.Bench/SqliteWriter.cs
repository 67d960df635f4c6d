using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Haumai.Bench;

/// <summary>
/// One connection, prepared INSERTs reused for every row, one transaction per chunk. Durability is
/// switched off for the load only (the pragma is per connection, the server's own connections
/// keep their configured level); a crash mid-load just means generating again.
/// </summary>
public sealed class SqliteWriter : IBulkWriter
{
    /// <summary>How EF Core's SQLite provider writes DateTime, so that the app reads our rows as its own.</summary>
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private readonly SqliteConnection _connection;
    private SqliteCommand? _ticket;
    private SqliteCommand? _message;
    private SqliteCommand? _event;

    private SqliteWriter(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteWriter> OpenAsync(string path, CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        // 1 GB of page cache keeps the secondary indexes in memory while rows arrive in random key order.
        await ExecAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;", ct);
        return new SqliteWriter(connection);
    }

    public static string Date(DateTime value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static object Db(object? value) => value ?? DBNull.Value;

    private static object DbDate(DateTime? value) => value is { } v ? Date(v) : DBNull.Value;

    public async Task WriteReferenceAsync(ReferenceData data, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using var org = Prepare(tx, "INSERT INTO organizations (id, slug, name, plan, created_at) VALUES ($1, $2, $3, $4, $5)", 5);
        foreach (var o in data.Organizations)
        {
            Run(org, o.Id, o.Slug, o.Name, o.Plan, Date(o.CreatedAt));
        }
        using var user = Prepare(tx, """
            INSERT INTO users (id, email, name, role, password_hash, organization_id, is_org_admin, is_active, failed_sign_ins,
                               lockout_ends_at, language, time_zone, created_at)
            VALUES ($1, $2, $3, $4, NULL, $5, $6, 1, 0, NULL, 'vi', 'Asia/Ho_Chi_Minh', $7)
            """, 7);
        foreach (var u in data.Users)
        {
            Run(user, u.Id, u.Email, u.Name, u.Role, Db(u.OrganizationId), u.IsOrgAdmin ? 1 : 0, Date(u.CreatedAt));
        }
        using var member = Prepare(tx, "INSERT INTO team_members (team_id, user_id, is_lead) VALUES ($1, $2, $3)", 3);
        foreach (var m in data.TeamMembers)
        {
            Run(member, m.TeamId, m.UserId, m.IsLead ? 1 : 0);
        }
        await tx.CommitAsync(ct);
    }

    public async Task WriteChunkAsync(TicketChunk chunk, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        _ticket ??= Prepare(tx, """
            INSERT INTO tickets (id, subject, requester_id, organization_id, channel, category_id, priority, status, is_open,
                                 assignee_id, team_id, created_at, updated_at, solved_at, closed_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """, 16);
        _message ??= Prepare(tx, "INSERT INTO ticket_messages (id, ticket_id, author_id, body, is_internal, created_at) VALUES ($1, $2, $3, $4, $5, $6)", 6);
        _event ??= Prepare(tx, "INSERT INTO ticket_events (id, ticket_id, actor_id, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)", 6);
        _ticket.Transaction = _message.Transaction = _event.Transaction = tx;
        foreach (var t in chunk.Tickets)
        {
            Run(_ticket, t.Id, t.Subject, t.RequesterId, Db(t.OrganizationId), t.Channel, Db(t.CategoryId), t.Priority, t.Status,
                t.IsOpen ? 1 : 0, Db(t.AssigneeId), Db(t.TeamId), Date(t.CreatedAt), Date(t.UpdatedAt), DbDate(t.SolvedAt),
                DbDate(t.ClosedAt), t.Version);
        }
        foreach (var m in chunk.Messages)
        {
            Run(_message, m.Id, m.TicketId, m.AuthorId, m.Body, m.IsInternal ? 1 : 0, Date(m.CreatedAt));
        }
        foreach (var e in chunk.Events)
        {
            Run(_event, e.Id, e.TicketId, Db(e.ActorId), e.Type, Db(e.Data), Date(e.CreatedAt));
        }
        await tx.CommitAsync(ct);
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        // AUTOINCREMENT keeps sqlite_sequence at the largest id inserted, so the app's next ticket
        // is max(id) + 1 without any fix-up. Fold the WAL back in and give the planner statistics.
        await ExecAsync(_connection, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
        await ExecAsync(_connection, "ANALYZE;", ct);
        await ExecAsync(_connection, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
    }

    private SqliteCommand Prepare(SqliteTransaction tx, string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
        command.ExecuteNonQuery();
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _ticket?.Dispose();
        _message?.Dispose();
        _event?.Dispose();
        await _connection.DisposeAsync();
    }
}
