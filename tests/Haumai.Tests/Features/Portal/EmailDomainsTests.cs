using Haumai.Web.Features.Portal;

namespace Haumai.Tests.Features.Portal;

/// <summary>How claimed domains and addresses are spelled so that they meet, and which domains no organization may claim.</summary>
public sealed class EmailDomainsTests
{
    [Theory]
    [InlineData("congty.vn", "congty.vn")]
    [InlineData("  @CongTy.COM.vn. ", "congty.com.vn")]
    [InlineData("a-b.c-d.io", "a-b.c-d.io")]
    public void Domains_are_lowercase_ascii(string input, string expected) =>
        EmailDomains.Normalize(input).ShouldBe(expected);

    [Fact]
    public void Internationalized_names_are_kept_in_their_xn_form_for_claims_and_addresses_alike()
    {
        var claimed = EmailDomains.Normalize("Công-Ty.VN").ShouldNotBeNull();
        claimed.ShouldStartWith("xn--");
        claimed.ShouldEndWith(".vn");
        EmailDomains.OfEmail("lan@công-ty.vn").ShouldBe(claimed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("-bad.vn")]
    [InlineData("bad-.vn")]
    [InlineData("a..vn")]
    [InlineData("ví dụ.vn")]
    [InlineData("congty.vn/path")]
    [InlineData("user@congty.vn")]
    [InlineData("10.0.0.1")]
    public void Things_that_are_not_domain_names_are_refused(string input) =>
        EmailDomains.Normalize(input).ShouldBeNull();

    [Theory]
    [InlineData("a@b@congty.vn", "congty.vn")]
    [InlineData("no-at-sign", null)]
    public void The_domain_of_an_address_is_spelled_the_same_way(string email, string? expected) =>
        EmailDomains.OfEmail(email).ShouldBe(expected);

    [Theory]
    [InlineData("gmail.com", true)]
    [InlineData("yahoo.com.vn", true)]
    [InlineData("outlook.com", true)]
    [InlineData("hotmail.com", true)]
    [InlineData("congty.vn", false)]
    [InlineData("mail.congty.vn", false)]
    public void Public_webmail_is_known(string domain, bool webmail) =>
        EmailDomains.IsPublicWebmail(domain).ShouldBe(webmail);

    [Fact]
    public void Invitation_codes_are_random_and_only_their_hash_is_kept()
    {
        var a = Invitation.NewCode();
        var b = Invitation.NewCode();
        a.ShouldNotBe(b);
        a.Length.ShouldBe(43);
        a.ShouldMatch("^[A-Za-z0-9_-]+$");
        Invitation.HashCode(a).Length.ShouldBe(Invitation.CodeHashLength);
        Invitation.HashCode(a).ShouldBe(Invitation.HashCode(" " + a + " "));
        Invitation.HashCode(a).ShouldNotBe(Invitation.HashCode(b));
    }

    [Fact]
    public void An_invitation_is_pending_until_used_withdrawn_or_expired()
    {
        var now = new DateTime(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
        var invitation = new Invitation(1, "lan@congty.vn", false, Invitation.HashCode("x"), 1, now);
        invitation.ExpiresAt.ShouldBe(now.AddDays(14));
        invitation.StateAt(now.AddDays(13)).ShouldBe(InvitationState.Pending);
        invitation.StateAt(now.AddDays(14)).ShouldBe(InvitationState.Expired);

        invitation.Accept(7, now.AddHours(1));
        invitation.StateAt(now.AddDays(20)).ShouldBe(InvitationState.Accepted);
        invitation.Revoke(now.AddHours(2));
        invitation.RevokedAt.ShouldBeNull("a used invitation stays used");
        Should.Throw<InvalidOperationException>(() => invitation.Accept(8, now.AddHours(3)));
    }
}
