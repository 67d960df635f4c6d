using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Mail;

internal sealed class MailThreadIdConfiguration : IEntityTypeConfiguration<MailThreadId>
{
    public void Configure(EntityTypeBuilder<MailThreadId> b)
    {
        b.ToTable("mail_thread_ids");
        b.Property(m => m.MessageId).HasMaxLength(MailThreadId.MaxMessageIdLength).IsRequired();
        b.Property(m => m.Direction).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        // One id, one ticket: a duplicate delivery of the same message is recognised by this index.
        b.HasIndex(m => m.MessageId).IsUnique();
        b.HasIndex(m => m.TicketId);
    }
}
