using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// <c>/api/v1/mailboxes</c>, admins only: the IMAP mailboxes Haumai reads (E1). The password is
/// written, never read back; "poll" makes one pass now and says what it found.
/// </summary>
public static class MailboxEndpoints
{
    public sealed record MailboxResponse(
        int Id, string Name, string Host, int Port, string Tls, string UserName, string Folder, string? MoveToFolder,
        int? TeamId, bool IsActive, long? UidValidity, long LastUid, DateTime? LastPolledAt, string? LastError, DateTime? LastErrorAt);

    public static MailboxResponse Response(Mailbox m) => new(
        m.Id, m.Name, m.Host, m.Port, m.Tls.ToString().ToLowerInvariant(), m.UserName, m.Folder, m.MoveToFolder, m.TeamId, m.IsActive,
        m.UidValidity, m.LastUid, m.LastPolledAt, m.LastError, m.LastErrorAt);

    public static WebApplication MapMailboxEndpoints(this WebApplication app)
    {
        var mailboxes = app.MapGroup("/api/v1/mailboxes").WithTags("Inbound mail").RequireAuthorization(AuthSetup.AdminPolicy);

        mailboxes.MapGet("/", async (HaumaiDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.Set<Mailbox>().AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct)).Select(Response).ToList()));

        mailboxes.MapGet("/{id:int}", async Task<Results<Ok<MailboxResponse>, ProblemHttpResult>> (int id, HaumaiDb db, CancellationToken ct) =>
            await db.Set<Mailbox>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } m
                ? TypedResults.Ok(Response(m))
                : Problems.NotFoundResult($"There is no mailbox {id}."));

        mailboxes.MapPost("/", async Task<Results<Created<MailboxResponse>, ValidationProblem>> (SaveMailbox.Request request, SaveMailbox.Handler save, CancellationToken ct) =>
        {
            var result = await save.CreateAsync(request, ct);
            return result.Outcome == SaveMailbox.Outcome.Saved
                ? TypedResults.Created($"/api/v1/mailboxes/{result.Mailbox!.Id}", Response(result.Mailbox))
                : Problem(result.Outcome);
        }).Validate<SaveMailbox.Request>();

        mailboxes.MapPut("/{id:int}", async Task<Results<Ok<MailboxResponse>, ProblemHttpResult, ValidationProblem>> (int id, SaveMailbox.Request request, SaveMailbox.Handler save, CancellationToken ct) =>
        {
            var result = await save.UpdateAsync(id, request, ct);
            return result.Outcome switch
            {
                SaveMailbox.Outcome.Saved => TypedResults.Ok(Response(result.Mailbox!)),
                SaveMailbox.Outcome.NotFound => Problems.NotFoundResult($"There is no mailbox {id}."),
                var other => Problem(other),
            };
        }).Validate<SaveMailbox.Request>();

        // One pass now, on a connection of its own; a failure answers 502 with what the server said.
        mailboxes.MapPost("/{id:int}/poll", async Task<Results<Ok<PollMailbox.Result>, ProblemHttpResult>> (int id, HaumaiDb db, PollMailbox.Handler poll, CancellationToken ct) =>
        {
            if (!await db.Set<Mailbox>().AnyAsync(m => m.Id == id, ct))
            {
                return Problems.NotFoundResult($"There is no mailbox {id}.");
            }
            try
            {
                return TypedResults.Ok(await poll.PollOnceAsync(id, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return TypedResults.Problem(statusCode: 502, type: Problems.Rule("mailbox-unreachable"), title: "The mailbox could not be read",
                    detail: PollMailbox.Describe(e));
            }
        });
        return app;
    }

    private static ValidationProblem Problem(SaveMailbox.Outcome outcome) => outcome switch
    {
        SaveMailbox.Outcome.NameTaken => Validation.Problem("name", "Another mailbox has this name."),
        SaveMailbox.Outcome.NoSuchTeam => Validation.Problem("teamId", "There is no such team."),
        SaveMailbox.Outcome.PasswordRequired => Validation.Problem("password", "A new mailbox needs its password."),
        _ => Validation.Problem("", outcome.ToString()),
    };
}
