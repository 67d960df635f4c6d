using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

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
}
