using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Storage;

namespace Haumai.Web.Data;

/// <summary>
/// SQLite has one writer at a time. Left to itself, every other writer gets SQLITE_BUSY and
/// Microsoft.Data.Sqlite retries it by sleeping a thread, so under load writers burn threads and
/// wake up late (p99 of seconds). Haumai is the only writer of its SQLite file in normal running,
/// so writers instead queue here, asynchronously, one gate per database file. The busy timeout
/// still covers a second process (a CLI command next to the server).
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}

/// <summary>A transaction that holds the SQLite write gate until it is disposed.</summary>
internal sealed class GatedTransaction(IDbContextTransaction inner, SemaphoreSlim gate) : IDbContextTransaction
{
    private int _released;

    public Guid TransactionId => inner.TransactionId;

    public void Commit() => inner.Commit();

    public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

    public void Rollback() => inner.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public void Dispose()
    {
        try
        {
            inner.Dispose();
        }
        finally
        {
            Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            gate.Release();
        }
    }
}
