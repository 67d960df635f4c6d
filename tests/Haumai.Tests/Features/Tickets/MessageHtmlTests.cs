using Haumai.Web.Features.Tickets;

namespace Haumai.Tests.Features.Tickets;

/// <summary>E6: what a message keeps of a mail's HTML and of its parts' Content-IDs, without a database.</summary>
public sealed class MessageHtmlTests
{
    private static TicketMessage Message()
    {
        var ticket = new Ticket("Máy in báo lỗi", 42, null, Channel.Email, null, Priority.Medium, null, 42, new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc));
        return ticket.AddDescription(42, "Máy in báo lỗi.", new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void The_original_html_is_kept_up_to_the_cap_and_not_at_all_beyond_it()
    {
        var message = Message();
        var atCap = "<p>" + new string('a', TicketMessage.MaxBodyHtmlLength - 7) + "</p>";
        atCap.Length.ShouldBe(TicketMessage.MaxBodyHtmlLength);

        message.KeepOriginalHtml(atCap);
        message.BodyHtml.ShouldBe(atCap);

        // One character more and none of it is kept: half a document would be shown wrong.
        message.KeepOriginalHtml(atCap + " ");
        message.BodyHtml.ShouldBeNull();

        message.KeepOriginalHtml("   ");
        message.BodyHtml.ShouldBeNull();
        message.KeepOriginalHtml(null);
        message.BodyHtml.ShouldBeNull();
        message.Body.ShouldBe("Máy in báo lỗi.");
    }

    [Fact]
    public void A_content_id_is_kept_unless_it_is_too_long_to_be_real()
    {
        var file = new TicketAttachment(1, 42, "anh.png", "image/png", 10, new string('0', 64), "2026/11/x", DateTime.UtcNow);
        file.ContentId.ShouldBeNull();
        file.KeepContentId("anh-loi.01@khachhang.vn");
        file.ContentId.ShouldBe("anh-loi.01@khachhang.vn");
        file.KeepContentId(new string('x', TicketAttachment.MaxContentIdLength + 1));
        file.ContentId.ShouldBeNull();
    }
}
