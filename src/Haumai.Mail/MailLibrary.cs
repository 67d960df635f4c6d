namespace Haumai.Mail;

/// <summary>
/// The mail protocol library (MIME, SMTP, IMAP). It knows nothing of tickets; the email channel
/// issue fills it. This marker exists so the project has an assembly identity to reference.
/// </summary>
public static class MailLibrary
{
    public const string Name = "Haumai.Mail";
}
