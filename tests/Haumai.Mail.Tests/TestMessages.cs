using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

internal static class TestMessages
{
    static TestMessages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Parses a message written with LF line ends in the test source, sent with CRLF as on the wire.</summary>
    public static MimeMessage Parse(string text, MimeParserOptions? options = null) =>
        MimeMessage.Load(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")), options);

    public static MimeMessage Parse(byte[] bytes, MimeParserOptions? options = null) => MimeMessage.Load(bytes, options);

    public static MimeMessage LoadCorpus(string name) => MimeMessage.LoadFile(Corpus.File(name));

    /// <summary>Joins ASCII text and raw bytes (for bodies in legacy charsets).</summary>
    public static byte[] Bytes(params object[] pieces)
    {
        var output = new List<byte>();
        foreach (var piece in pieces)
        {
            output.AddRange(piece switch
            {
                string s => Encoding.UTF8.GetBytes(s.ReplaceLineEndings("\r\n")),
                byte[] b => b,
                _ => throw new ArgumentException("string or byte[]"),
            });
        }
        return output.ToArray();
    }

    public static Encoding Enc(string name) => Encoding.GetEncoding(name);
}
