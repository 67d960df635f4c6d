using Haumai.Mail.Net;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Mailboxes;

/// <summary>The fields of the mailbox form (new and edit). The password is write-only: it is never filled from the stored one.</summary>
public sealed class MailboxForm
{
    public string? Name { get; set; }
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? Tls { get; set; } = Value(MailTlsMode.Implicit);
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Folder { get; set; } = "INBOX";
    public string? MoveToFolder { get; set; }
    public int? TeamId { get; set; }
    public bool IsActive { get; set; } = true;

    public SaveMailbox.Request ToRequest() =>
        new(Name, Host, Port, Tls, UserName?.Trim(), Password, Folder, MoveToFolder, TeamId, IsActive);

    public static MailboxForm From(Mailbox m) => new()
    {
        Name = m.Name,
        Host = m.Host,
        Port = m.Port == 0 ? null : m.Port,
        Tls = Value(m.Tls),
        UserName = m.UserName,
        Folder = m.Folder,
        MoveToFolder = m.MoveToFolder,
        TeamId = m.TeamId,
        IsActive = m.IsActive,
    };

    /// <summary>How the form and the API write a mode: implicit, starttls, none.</summary>
    public static string Value(MailTlsMode mode) => mode.ToString().ToLowerInvariant();

    public static string Label(MailTlsMode mode, IStringLocalizer<AdminText> text) => mode switch
    {
        MailTlsMode.StartTls => text["STARTTLS (usually port 143)"],
        MailTlsMode.None => text["None: password in clear text"],
        _ => text["Implicit TLS (usually port 993)"],
    };

    /// <summary>user@host:port as the list shows it; port 0 stands for the mode's usual port.</summary>
    public static string Address(Mailbox m) =>
        $"{m.UserName}@{m.Host}:{(m.Port != 0 ? m.Port : m.Tls == MailTlsMode.Implicit ? 993 : 143)}";
}

/// <summary>What _MailboxFields.cshtml shows: the form's values, whether the mailbox is new, and the teams.</summary>
public sealed record MailboxFieldsModel(MailboxForm Form, bool IsNew, IReadOnlyList<TeamChoice> Teams);
