using System.CommandLine;
using Haumai.Mail.Mime;

namespace Haumai.Web.Infrastructure.Cli;

/// <summary>
/// <c>haumai mail …</c>: tools over the mail library. <c>inspect FILE</c> shows what Haumai made of a
/// message or an mbox (the formatting lives in <see cref="MimeInspector"/> so it is unit-tested there).
/// These commands need no host, database or configuration.
/// </summary>
public static class MailCommands
{
    public static Command Create()
    {
        var mail = new Command("mail", "Email tools.");
        var inspect = new Command("inspect", "Show the decoded headers and MIME tree of a message file or an mbox.");
        var file = new Argument<FileInfo>("FILE") { Description = "A message (RFC 5322) or an mbox file." };
        inspect.Arguments.Add(file);
        inspect.SetAction(pr =>
        {
            var info = pr.GetValue(file)!;
            if (!info.Exists)
            {
                Console.Error.WriteLine($"mail inspect: no such file: {info.FullName}");
                return 2;
            }
            try
            {
                using var stream = info.OpenRead();
                MimeInspector.Inspect(stream, Console.Out);
                return 0;
            }
            catch (MimeParseException e)
            {
                Console.Error.WriteLine($"mail inspect: {info.Name}: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"mail inspect: cannot read {info.FullName}: {e.Message}");
                return 2;
            }
            catch (UnauthorizedAccessException e)
            {
                Console.Error.WriteLine($"mail inspect: cannot read {info.FullName}: {e.Message}");
                return 2;
            }
        });
        mail.Subcommands.Add(inspect);
        return mail;
    }
}
