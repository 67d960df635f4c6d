using Haumai.Web.Features.CannedResponses;

namespace Haumai.Web.Pages.Admin.CannedResponses;

/// <summary>The fields of the canned response form (new and edit).</summary>
public sealed class CannedResponseForm
{
    public string? Title { get; set; }
    public string? Body { get; set; }
    public int? TeamId { get; set; }

    public SaveCannedResponse.Request ToRequest() => new(Title, Body, TeamId);

    public static CannedResponseForm From(CannedResponse r) => new() { Title = r.Title, Body = r.Body, TeamId = r.TeamId };
}

/// <summary>What _CannedResponseFields.cshtml shows.</summary>
public sealed record CannedResponseFieldsModel(CannedResponseForm Form, IReadOnlyList<TeamChoice> Teams);
