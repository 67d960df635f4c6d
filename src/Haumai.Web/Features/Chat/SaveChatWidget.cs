using System.Text.RegularExpressions;
using FluentValidation;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>C1: an admin creates a widget for a website (its origins, team, colours, greeting) or changes one.</summary>
public static partial class SaveChatWidget
{
    public sealed record Request(string? Name, int? TeamId, IReadOnlyList<string>? AllowedOrigins, bool RequireContact = true,
        string? Color = null, string? GreetingVi = null, string? GreetingEn = null, bool IsActive = true);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(ChatWidget.MaxNameLength);
            RuleFor(r => r.TeamId).NotNull();
            RuleFor(r => r.AllowedOrigins).NotEmpty().WithMessage("List the websites (origins) that may show the widget.");
            RuleForEach(r => r.AllowedOrigins).Must(o => ChatWidget.NormalizeOrigin(o ?? "") is not null)
                .WithMessage("An origin is scheme://host[:port], such as https://www.example.vn, with no path.");
            RuleFor(r => r.AllowedOrigins).Must(o => o is null || string.Join(' ', o).Length <= ChatWidget.MaxOriginsLength)
                .WithMessage("Too many origins.");
            RuleFor(r => r.Color).Must(c => c is null || HexColor().IsMatch(c)).WithMessage("A colour is #rrggbb.");
            RuleFor(r => r.GreetingVi).MaximumLength(ChatWidget.MaxGreetingLength);
            RuleFor(r => r.GreetingEn).MaximumLength(ChatWidget.MaxGreetingLength);
        }
    }

    public enum Outcome { Saved, NotFound, NoSuchTeam }

    public sealed record Result(Outcome Outcome, ChatWidget? Widget = null);

    public sealed class Handler(HaumaiDb db, ChatOrigins origins, TimeProvider clock)
    {
        public async Task<Result> CreateAsync(Request r, CancellationToken ct)
        {
            if (!await db.Teams.AnyAsync(t => t.Id == r.TeamId, ct))
            {
                return new Result(Outcome.NoSuchTeam);
            }
            var widget = new ChatWidget(r.Name!, r.TeamId!.Value, r.AllowedOrigins!, r.RequireContact, r.Color ?? "#0d6efd", r.GreetingVi, r.GreetingEn,
                clock.GetUtcNow().UtcDateTime);
            db.Set<ChatWidget>().Add(widget);
            await db.SaveChangesAsync(ct);
            origins.Forget();
            return new Result(Outcome.Saved, widget);
        }

        public async Task<Result> UpdateAsync(int id, Request r, CancellationToken ct)
        {
            var widget = await db.Set<ChatWidget>().FirstOrDefaultAsync(w => w.Id == id, ct);
            if (widget is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (!await db.Teams.AnyAsync(t => t.Id == r.TeamId, ct))
            {
                return new Result(Outcome.NoSuchTeam, widget);
            }
            widget.Update(r.Name!, r.TeamId!.Value, r.AllowedOrigins!, r.RequireContact, r.Color ?? widget.Color, r.GreetingVi, r.GreetingEn, r.IsActive);
            await db.SaveChangesAsync(ct);
            origins.Forget();
            return new Result(Outcome.Saved, widget);
        }
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
