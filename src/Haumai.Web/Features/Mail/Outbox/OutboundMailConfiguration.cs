using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Mail.Outbox;

internal sealed class OutboundMailConfiguration : IEntityTypeConfiguration<OutboundMail>
{
    public void Configure(EntityTypeBuilder<OutboundMail> b)
    {
        b.ToTable("outbound_mails");
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.To).HasMaxLength(320).IsRequired();
        // A default so that SQLite could add the column to a table with rows (0013).
        b.Property(m => m.Cc).HasMaxLength(OutboundMail.MaxCcLength).IsRequired().HasDefaultValue("");
        b.Property(m => m.Subject).HasMaxLength(OutboundMail.MaxSubjectLength).IsRequired();
        b.Property(m => m.MessageId).HasMaxLength(MailThreadId.MaxMessageIdLength);
        b.Property(m => m.LastError).HasMaxLength(OutboundMail.MaxErrorLength);
        // Navigations so that a mail enqueued with a ticket or message not yet inserted gets their ids.
        b.HasOne(m => m.Ticket).WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.TicketMessage).WithMany().HasForeignKey(m => m.TicketMessageId).OnDelete(DeleteBehavior.SetNull);
        // The sender's scan: pending mail by due time.
        b.HasIndex(m => new { m.State, m.NextAttemptAt });
        b.HasIndex(m => m.TicketId);
        b.HasIndex(m => m.TicketMessageId);
    }
}
