using Npgsql;
using NpgsqlTypes;

namespace Haumai.Bench;

/// <summary>
/// Binary COPY, one per table per chunk. Parents are copied before children, each COPY commits
/// on its own, so the foreign keys (checked row by row) always find their parent.
/// </summary>
public sealed class PostgresWriter : IBulkWriter
{
    private readonly NpgsqlConnection _connection;

    private PostgresWriter(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresWriter> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // Only this session's commits: nothing is lost but the load itself if the machine dies.
        await ExecAsync(connection, "SET synchronous_commit = off", ct);
        return new PostgresWriter(connection);
    }

    /// <summary>Drops and recreates the database named in the connection string (the role needs CREATEDB).</summary>
    public static async Task RecreateDatabaseAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new ArgumentException("The PostgreSQL connection string names no database.");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync(ct);
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await ExecAsync(connection, $"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", ct);
        await ExecAsync(connection, $"CREATE DATABASE {quoted}", ct);
        NpgsqlConnection.ClearAllPools();
    }

    public async Task WriteReferenceAsync(ReferenceData data, CancellationToken ct)
    {
        await using (var w = await _connection.BeginBinaryImportAsync("COPY organizations (id, slug, name, plan, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var o in data.Organizations)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(o.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(o.Slug, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(o.Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(o.Plan, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(o.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY users (id, email, name, role, password_hash, organization_id, is_org_admin, is_active, failed_sign_ins,
                        lockout_ends_at, language, time_zone, created_at) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var u in data.Users)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(u.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(u.Email, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(u.Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(u.Role, NpgsqlDbType.Varchar, ct);
                await w.WriteNullAsync(ct);
                await WriteAsync(w, u.OrganizationId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(u.IsOrgAdmin, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await w.WriteNullAsync(ct);
                await w.WriteAsync("vi", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("Asia/Ho_Chi_Minh", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(u.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _connection.BeginBinaryImportAsync("COPY team_members (team_id, user_id, is_lead) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in data.TeamMembers)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(m.TeamId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(m.UserId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(m.IsLead, NpgsqlDbType.Boolean, ct);
            }
            await w.CompleteAsync(ct);
        }
    }

    // The synchronous Write overloads: the importer buffers, and an await per column would cost
    // more than the COPY itself at millions of rows.
    public async Task WriteChunkAsync(TicketChunk chunk, CancellationToken ct)
    {
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY tickets (id, subject, requester_id, organization_id, channel, category_id, priority, status, is_open,
                          assignee_id, team_id, created_at, updated_at, solved_at, closed_at, version) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var t in chunk.Tickets)
            {
                w.StartRow();
                w.Write(t.Id, NpgsqlDbType.Bigint);
                w.Write(t.Subject, NpgsqlDbType.Varchar);
                w.Write(t.RequesterId, NpgsqlDbType.Integer);
                Write(w, t.OrganizationId, NpgsqlDbType.Integer);
                w.Write(t.Channel, NpgsqlDbType.Varchar);
                Write(w, t.CategoryId, NpgsqlDbType.Integer);
                w.Write(t.Priority, NpgsqlDbType.Integer);
                w.Write(t.Status, NpgsqlDbType.Varchar);
                w.Write(t.IsOpen, NpgsqlDbType.Boolean);
                Write(w, t.AssigneeId, NpgsqlDbType.Integer);
                Write(w, t.TeamId, NpgsqlDbType.Integer);
                w.Write(t.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(t.UpdatedAt, NpgsqlDbType.TimestampTz);
                Write(w, t.SolvedAt, NpgsqlDbType.TimestampTz);
                Write(w, t.ClosedAt, NpgsqlDbType.TimestampTz);
                w.Write(t.Version, NpgsqlDbType.Integer);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _connection.BeginBinaryImportAsync(
            "COPY ticket_messages (id, ticket_id, author_id, body, is_internal, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in chunk.Messages)
            {
                w.StartRow();
                w.Write(m.Id, NpgsqlDbType.Bigint);
                w.Write(m.TicketId, NpgsqlDbType.Bigint);
                w.Write(m.AuthorId, NpgsqlDbType.Integer);
                w.Write(m.Body, NpgsqlDbType.Varchar);
                w.Write(m.IsInternal, NpgsqlDbType.Boolean);
                w.Write(m.CreatedAt, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await _connection.BeginBinaryImportAsync(
            "COPY ticket_events (id, ticket_id, actor_id, type, data, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in chunk.Events)
            {
                w.StartRow();
                w.Write(e.Id, NpgsqlDbType.Bigint);
                w.Write(e.TicketId, NpgsqlDbType.Bigint);
                Write(w, e.ActorId, NpgsqlDbType.Integer);
                w.Write(e.Type, NpgsqlDbType.Varchar);
                if (e.Data is null)
                {
                    w.WriteNull();
                }
                else
                {
                    w.Write(e.Data, NpgsqlDbType.Varchar);
                }
                w.Write(e.CreatedAt, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync(ct);
        }
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        // COPY with explicit ids leaves the identity sequences at 1: move each past the data, or
        // the app's first insert collides with a loaded row.
        foreach (var table in new[] { "organizations", "users", "tickets", "ticket_messages", "ticket_events" })
        {
            await ExecAsync(_connection, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))", ct);
        }
        // A live database has been vacuumed by autovacuum: the visibility map lets index-only scans
        // skip the heap. ANALYZE alone would leave a freshly loaded table unlike production.
        await ExecAsync(_connection, "VACUUM (ANALYZE)", ct);
    }

    private static async Task WriteAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } v)
        {
            await w.WriteAsync(v, type, ct);
        }
        else
        {
            await w.WriteNullAsync(ct);
        }
    }

    private static void Write<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            w.Write(v, type);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
