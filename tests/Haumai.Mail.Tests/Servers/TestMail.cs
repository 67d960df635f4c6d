using System.Text;

namespace Haumai.Mail.Tests.Servers;

/// <summary>Raw test messages with a unique Message-ID, so tests sharing a mailbox find their own.</summary>
public static class TestMail
{
    public static string NewMessageId(string domain = "tests.haumai.test") => $"<{Guid.NewGuid():N}@{domain}>";

    /// <summary>A message with CRLF line ends; <paramref name="body"/> is taken as given (its line ends too).</summary>
    public static byte[] Create(string from, string to, string subject, string body, string messageId, string? extraHeaders = null) =>
        Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Sat, 21 Nov 2026 10:00:00 +0700\r\n"
            + $"Message-ID: {messageId}\r\nMIME-Version: 1.0\r\n{extraHeaders}"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body);

    /// <summary>The body: everything after the first empty line.</summary>
    public static byte[] Body(byte[] message)
    {
        var span = message.AsSpan();
        var end = span.IndexOf("\r\n\r\n"u8);
        return end < 0 ? [] : span[(end + 4)..].ToArray();
    }
}
