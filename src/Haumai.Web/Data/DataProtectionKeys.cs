using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Data;

/// <summary>
/// ASP.NET Data Protection keys in the data folder (<c>keys/</c>), beside the SQLite file and the
/// attachments: sign-in cookies survive a restart, and what is encrypted with them (mailbox
/// passwords) can be read back by the server and by the CLI commands that run next to it.
/// </summary>
public static class DataProtectionKeys
{
    public static IServiceCollection AddKeysInDataFolder(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Haumai");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((o, storage, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(storage.Value.FullDataDirectory, "keys")), logs));
        return services;
    }
}
