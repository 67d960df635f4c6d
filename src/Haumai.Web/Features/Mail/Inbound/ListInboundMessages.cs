using System.Data.Common;
using Haumai.Mail.Mime;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>E1: what came in by mail and what became of it; admins look here for parked messages.</summary>
public static class ListInboundMessages
{
    public const int MaxLimit = 200;

    /// <summary>How much of each raw message is read for its Subject: headers rarely pass a few KB, and the body is never needed.</summary>
    public const int HeadBytes = 16 * 1024;

    public sealed record Item(
        long Id, string Source, string State, string? Reason, string? MessageId, string? From, long Length,
        DateTime ReceivedAt, DateTime? ProcessedAt, int Attempts, long? TicketId);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int Pages);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(InboundState? state, int limit, CancellationToken ct) =>
            await ListAsync(Filter(state), 0, Math.Clamp(limit, 1, MaxLimit), ct);

        /// <summary>One page of one state, newest first (the admin pages).</summary>
        public async Task<Page> PageAsync(InboundState state, int page, int size, CancellationToken ct)
        {
            var query = Filter(state);
            var total = await query.CountAsync(ct);
            var pages = Math.Max(1, (total + size - 1) / size);
            var number = Math.Clamp(page, 1, pages);
            return new Page(await ListAsync(query, (number - 1) * size, size, ct), total, number, pages);
        }

        /// <summary>How many messages are in each state; a state with none is absent.</summary>
        public async Task<IReadOnlyDictionary<InboundState, int>> CountsAsync(CancellationToken ct) =>
            (await db.Set<InboundMessage>().AsNoTracking().GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .ToDictionary(g => g.Key, g => g.Count);

        /// <summary>
        /// The decoded Subject of each message, read from the first <see cref="HeadBytes"/> of its raw
        /// bytes in SQL (<c>substr</c> means the same on a SQLite blob and a PostgreSQL bytea), so a
        /// page of 25 MB messages does not load 25 MB each. Absent when the head has no Subject or
        /// does not parse.
        /// </summary>
        public async Task<IReadOnlyDictionary<long, string>> SubjectsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
        {
            var subjects = new Dictionary<long, string>();
            if (ids.Count == 0)
            {
                return subjects;
            }
            var connection = db.Database.GetDbConnection();
            var opened = connection.State != System.Data.ConnectionState.Open;
            if (opened)
            {
                await db.Database.OpenConnectionAsync(ct);
            }
            try
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var names = ids.Select((id, i) => AddParameter(command, $"@p{i}", id)).ToList();
                command.CommandText = $"SELECT id, substr(raw, 1, {HeadBytes}) FROM inbound_messages WHERE id IN ({string.Join(", ", names)})";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    if (Subject((byte[])reader.GetValue(1)) is { Length: > 0 } subject)
                    {
                        subjects[reader.GetInt64(0)] = subject;
                    }
                }
            }
            finally
            {
                if (opened)
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
            return subjects;
        }

        private IQueryable<InboundMessage> Filter(InboundState? state)
        {
            var query = db.Set<InboundMessage>().AsNoTracking();
            return state is { } s ? query.Where(m => m.State == s) : query;
        }

        private static async Task<IReadOnlyList<Item>> ListAsync(IQueryable<InboundMessage> query, int skip, int take, CancellationToken ct)
        {
            var rows = await query.OrderByDescending(m => m.Id).Skip(skip).Take(take)
                .Select(m => new { m.Id, m.Source, m.State, m.Reason, m.MessageId, m.FromAddress, m.Length, m.ReceivedAt, m.ProcessedAt, m.Attempts, m.TicketId })
                .ToListAsync(ct);
            return rows.Select(m => new Item(m.Id, m.Source.ToString().ToLowerInvariant(), m.State.ToString().ToLowerInvariant(), m.Reason,
                m.MessageId, m.FromAddress, m.Length, m.ReceivedAt, m.ProcessedAt, m.Attempts, m.TicketId)).ToList();
        }

        private static string AddParameter(DbCommand command, string name, long value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return name;
        }
    }

    /// <summary>The Subject of a message's head: everything up to the first empty line, parsed as a message without a body.</summary>
    public static string? Subject(byte[] head)
    {
        var end = HeaderEnd(head);
        if (end < 0)
        {
            // Cut mid-header (a head longer than HeadBytes): the complete lines still say what they say.
            end = Array.LastIndexOf(head, (byte)'\n') + 1;
        }
        var headers = new byte[end + 2];
        Array.Copy(head, headers, end);
        headers[end] = (byte)'\r';
        headers[end + 1] = (byte)'\n';
        try
        {
            using var message = MimeMessage.Load(headers);
            return message.Subject?.Trim();
        }
        catch (Exception e) when (e is MimeParseException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static int HeaderEnd(byte[] bytes)
    {
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\n' && (bytes[i + 1] == '\n' || (bytes[i + 1] == '\r' && i + 2 < bytes.Length && bytes[i + 2] == '\n')))
            {
                return i + 1;
            }
        }
        return -1;
    }
}
