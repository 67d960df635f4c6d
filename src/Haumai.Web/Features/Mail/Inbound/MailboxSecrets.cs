using System.Security.Cryptography;
using Haumai.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// Mailbox passwords are stored encrypted with ASP.NET Data Protection, whose keys live in the data
/// folder (<c>keys/</c>) next to the SQLite file and the attachments: a copy of the database alone
/// does not give away the mail accounts. A lost key folder means the admin types the passwords again.
/// </summary>
public sealed class MailboxSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Haumai.Mail.Mailbox.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The password, or null when the keys that encrypted it are gone.</summary>
    public string? Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Keys in the data folder, shared by the server and the CLI commands that run beside it.</summary>
    public static void AddKeysInDataFolder(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Haumai");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((o, storage, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(storage.Value.FullDataDirectory, "keys")), logs));
    }
}
