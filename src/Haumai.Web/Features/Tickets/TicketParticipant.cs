using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// E1: someone besides the requester who follows a ticket by mail, such as the colleagues a customer
/// put in Cc. They receive staff replies in Cc and may answer by mail. Kept as an address rather
/// than an account: a Cc is not a registration, and most of them never sign in.
/// </summary>
public sealed class TicketParticipant
{
    public const int MaxEmailLength = 320;
    public const int MaxNameLength = 200;

    /// <summary>More are ignored: a mail to a whole department must not copy every reply to all of it.</summary>
    public const int MaxPerTicket = 20;

    private TicketParticipant() { }

    public TicketParticipant(long ticketId, string email, string? name, DateTime now)
    {
        TicketId = ticketId;
        Email = email.Length > MaxEmailLength ? email[..MaxEmailLength] : email;
        Name = name is null ? "" : name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        AddedAt = now;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }

    /// <summary>Normalized (lower case, trimmed) like users' addresses.</summary>
    public string Email { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTime AddedAt { get; private set; }
}

internal sealed class TicketParticipantConfiguration : IEntityTypeConfiguration<TicketParticipant>
{
    public void Configure(EntityTypeBuilder<TicketParticipant> b)
    {
        b.ToTable("ticket_participants");
        b.Property(p => p.Email).HasMaxLength(TicketParticipant.MaxEmailLength);
        b.Property(p => p.Name).HasMaxLength(TicketParticipant.MaxNameLength);
        b.HasIndex(p => new { p.TicketId, p.Email }).IsUnique();
        b.HasOne<Ticket>().WithMany().HasForeignKey(p => p.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
