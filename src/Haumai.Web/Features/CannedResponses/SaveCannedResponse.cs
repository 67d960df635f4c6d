using System.Text.RegularExpressions;
using FluentValidation;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.CannedResponses;

/// <summary>T8: an admin writes a canned response or changes one: a title, the body with its placeholders, and optionally the team it is for.</summary>
public static partial class SaveCannedResponse
{
    /// <summary>What a body may say between double braces; see <see cref="CannedResponse.Render"/>.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["customer.name", "ticket.number", "ticket.subject", "agent.name"];

    /// <param name="TeamId">Null: offered on every team's tickets.</param>
    public sealed record Request(string? Title, string? Body, int? TeamId);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Title).NotEmpty().MaximumLength(CannedResponse.MaxTitleLength);
            RuleFor(r => r.Body).NotEmpty().MaximumLength(CannedResponse.MaxBodyLength);
            // A misspelt placeholder would reach the customer as it is: "Xin chào {{customer.nam}}".
            RuleFor(r => r.Body).Custom((body, context) =>
            {
                if (UnknownPlaceholder(body) is not null)
                {
                    context.AddFailure(new FluentValidation.Results.ValidationFailure(nameof(Request.Body), UnknownPlaceholderMessage));
                }
            });
        }
    }

    public const string UnknownPlaceholderMessage =
        "Unknown placeholder: use only {{customer.name}}, {{ticket.number}}, {{ticket.subject}} and {{agent.name}}.";

    /// <summary>The first <c>{{…}}</c> in the body that is not a known placeholder, or null.</summary>
    public static string? UnknownPlaceholder(string? body) =>
        body is null ? null : Braces().Matches(body).Select(m => m.Groups[1].Value).FirstOrDefault(p => !Placeholders.Contains(p));

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Braces();

    public enum Outcome { Saved, NotFound, NoSuchTeam }

    public sealed record Result(Outcome Outcome, CannedResponse? Response = null);

    public sealed class Handler(HaumaiDb db, TimeProvider clock)
    {
        public async Task<Result> CreateAsync(Request request, CancellationToken ct)
        {
            if (!await TeamExistsAsync(request.TeamId, ct))
            {
                return new Result(Outcome.NoSuchTeam);
            }
            var response = new CannedResponse(request.Title!, request.Body!, request.TeamId, clock.GetUtcNow().UtcDateTime);
            db.CannedResponses.Add(response);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, response);
        }

        public async Task<Result> UpdateAsync(int id, Request request, CancellationToken ct)
        {
            var response = await db.CannedResponses.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (response is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (!await TeamExistsAsync(request.TeamId, ct))
            {
                return new Result(Outcome.NoSuchTeam, response);
            }
            response.Change(request.Title!, request.Body!, request.TeamId, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, response);
        }

        private async Task<bool> TeamExistsAsync(int? teamId, CancellationToken ct) =>
            teamId is not { } id || await db.Teams.AnyAsync(t => t.Id == id, ct);
    }
}
