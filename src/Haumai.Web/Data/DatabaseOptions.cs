namespace Haumai.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary><c>Database:*</c>: which database Haumai keeps its data in.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the web server starts (<c>haumai migrate</c> does it on demand).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite's <c>synchronous</c> pragma in WAL mode. FULL (the default) makes every commit
    /// durable against power loss; NORMAL survives a crash of Haumai but can lose the last commits
    /// on power loss, for more write throughput.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";
}

/// <summary><c>Storage:*</c>: where files live.</summary>
public sealed class StorageOptions
{
    /// <summary>The data folder: the SQLite database and the attachments. Relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string AttachmentsDirectory => Path.Combine(FullDataDirectory, "attachments");
}
