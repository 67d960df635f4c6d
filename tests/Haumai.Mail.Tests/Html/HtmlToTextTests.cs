using Haumai.Mail.Html;

namespace Haumai.Mail.Tests.Html;

public class HtmlToTextTests
{
    [Fact]
    public void Paragraphs_are_separated_and_line_breaks_kept()
    {
        HtmlToText.Convert("<p>Xin chào,</p>\n  <p>Đơn hàng   <b>đã</b>\n giao.<br>Cảm ơn.</p>")
            .ShouldBe("Xin chào,\n\nĐơn hàng đã giao.\nCảm ơn.");
    }

    [Fact]
    public void Lists_get_bullets_and_numbers()
    {
        HtmlToText.Convert("<p>Các bước:</p><ul><li>Một</li><li>Hai<ul><li>Hai a</li></ul></li></ul><ol><li>A</li><li>B</li></ol>")
            .ShouldBe("Các bước:\n\n• Một\n• Hai\n  • Hai a\n\n1. A\n2. B");
    }

    [Fact]
    public void Links_are_written_with_their_url()
    {
        HtmlToText.Convert("Xem <a href=\"https://haumai.vn/t/12\">yêu cầu</a>, <a href=\"https://haumai.vn\">https://haumai.vn</a>, <a href=\"mailto:hotro@haumai.vn\">hỗ trợ</a> và <a href=\"javascript:x()\">đây</a>.")
            .ShouldBe("Xem yêu cầu (https://haumai.vn/t/12), https://haumai.vn, hỗ trợ (hotro@haumai.vn) và đây.");
    }

    [Fact]
    public void Scripts_styles_and_head_are_left_out()
    {
        HtmlToText.Convert("<html><head><title>T</title><style>p{color:red}</style></head><body><script>var a;</script><div>Nội dung</div></body></html>")
            .ShouldBe("Nội dung");
    }

    [Fact]
    public void Quotes_preformatted_text_tables_and_images()
    {
        HtmlToText.Convert("<p>Trả lời</p><blockquote><p>Thư cũ</p><p>dòng hai</p></blockquote><pre>a  b\n  c</pre><table><tr><td>Mã</td><td>Giá</td></tr><tr><td>A1</td><td>100.000 ₫</td></tr></table><img alt=\"Logo\" src=x>")
            .ShouldBe("Trả lời\n\n> Thư cũ\n>\n> dòng hai\n\na  b\n  c\n\nMã\tGiá\nA1\t100.000 ₫\n\n[Logo]");
    }

    [Fact]
    public void Entities_and_non_breaking_spaces_become_text()
    {
        HtmlToText.Convert("Ch&#7883;&nbsp;Lan &amp; anh T&ugrave;ng &lt;ok&gt;").ShouldBe("Chị Lan & anh Tùng <ok>");
    }
}
