using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Mailboxes;

/// <summary>What the new and edit mailbox pages share: the form, the teams to choose from, and the save outcomes said as field errors.</summary>
public abstract class MailboxPageModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    [BindProperty] public MailboxForm Input { get; set; } = new();

    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];

    protected HaumaiDb Db => db;

    protected async Task LoadTeamsAsync(CancellationToken ct) => Teams = await TeamChoice.LoadAsync(db, ct);

    /// <summary>A save the use case refused, on the field it concerns.</summary>
    protected void AddProblem(SaveMailbox.Outcome outcome)
    {
        switch (outcome)
        {
            case SaveMailbox.Outcome.NameTaken:
                AddError("Name", T["Another mailbox has this name."]);
                break;
            case SaveMailbox.Outcome.NoSuchTeam:
                AddError("TeamId", T["There is no such team."]);
                break;
            case SaveMailbox.Outcome.PasswordRequired:
                AddError("Password", T["A new mailbox needs its password."]);
                break;
            default:
                AddError("", T["This value is not valid."]);
                break;
        }
    }
}
