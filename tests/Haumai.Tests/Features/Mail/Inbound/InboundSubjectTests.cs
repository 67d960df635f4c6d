using System.Text;
using Haumai.Web.Features.Mail.Inbound;

namespace Haumai.Tests.Features.Mail.Inbound;

/// <summary>The admin list reads a message's Subject from the first bytes of its raw form only: every way those bytes can end.</summary>
public sealed class InboundSubjectTests
{
    private static string? Subject(string head) => ListInboundMessages.Subject(Encoding.UTF8.GetBytes(head));

    [Fact]
    public void An_encoded_folded_subject_is_decoded_and_the_body_is_not_read()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("Hoá đơn tháng 11"));
        Subject($"From: a@b.vn\r\nSubject: =?UTF-8?B?{encoded}?=\r\n  =?UTF-8?Q?_c=C3=B2n_thi=E1=BA=BFu?=\r\n\r\nSubject: not this one\r\n")
            .ShouldBe("Hoá đơn tháng 11 còn thiếu");
    }

    [Fact]
    public void Bare_line_feeds_and_raw_UTF8_are_read_too()
    {
        Subject("From: a@b.vn\nSubject: Máy in hỏng\n\nbody\n").ShouldBe("Máy in hỏng");
    }

    [Fact]
    public void A_head_cut_in_the_middle_of_the_headers_keeps_its_complete_lines()
    {
        Subject("Subject: Cắt giữa chừng\r\nReceived: from mx.example.vn by hau").ShouldBe("Cắt giữa chừng");
    }

    [Fact]
    public void No_subject_or_no_bytes_at_all_is_none()
    {
        Subject("From: a@b.vn\r\n\r\nSubject: in the body\r\n").ShouldBeNull();
        ListInboundMessages.Subject([]).ShouldBeNull();
    }
}
