using System.Globalization;
using System.Text;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;

namespace Haumai.Web.Features.Demo;

/// <summary>A demo customer organization and, for paid ones, its support contract.</summary>
internal sealed record DemoOrganization(
    string Slug,
    string Name,
    string ShortName,
    string Domain,
    Plan Plan,
    DemoContract? Contract,
    int Weight);

/// <summary>A contract, dated relative to the day the demo is seeded so it is always current.</summary>
internal sealed record DemoContract(int StartedDaysAgo, int? Months, string Terms);

internal sealed record DemoStaff(string Email, string Name, Role Role, string? Team, bool IsLead, bool IsFemale, int Weight);

/// <summary>Who the demo is made of: organizations, staff, and the names customers are drawn from.</summary>
internal static class DemoCast
{
    /// <summary>
    /// Every demo address is under demo.haumai.vn, a domain of the project: a reply to a demo ticket
    /// can never reach a real company's mailbox, whatever domain the ticket texts mention.
    /// </summary>
    public const string MailDomain = "demo.haumai.vn";

    public const string TechnicalTeam = "technical";
    public const string SalesTeam = "sales";

    private const string Enterprise =
        "Gói Hỗ trợ Doanh nghiệp: hỗ trợ kỹ thuật 24/7 qua email, chat, điện thoại và hệ thống yêu cầu hỗ trợ; " +
        "phản hồi sự cố khẩn cấp trong 1 giờ, mức cao trong 4 giờ, trung bình trong 8 giờ, thấp trong 24 giờ; " +
        "miễn phí mọi yêu cầu dưới 120 phút làm việc, vượt ngưỡng sẽ báo giá trước khi thực hiện; " +
        "bảo hành không thời hạn các sự cố đã khắc phục; đào tạo lại miễn phí khi thay đổi nhân sự quản trị; " +
        "báo cáo chất lượng dịch vụ hằng tháng.";

    private const string Standard =
        "Gói Hỗ trợ Tiêu chuẩn: hỗ trợ kỹ thuật 24/7, hỗ trợ kinh doanh 08:30–18:00 từ thứ Hai đến thứ Sáu; " +
        "miễn phí các yêu cầu dưới 60 phút làm việc, vượt ngưỡng sẽ phân tích, đề xuất và báo giá; " +
        "bảo hành không thời hạn các sự cố đã khắc phục; đào tạo lại miễn phí khi thay đổi nhân sự quản trị.";

    private const string FullCare =
        "Gói Chăm sóc toàn diện: toàn bộ quyền lợi của Gói Hỗ trợ Doanh nghiệp, thêm đầu mối hỗ trợ riêng, " +
        "8 giờ công phát triển mỗi tháng và cam kết thời gian hoạt động 99,9%; nếu không đạt, bồi hoàn 10% phí tháng.";

    public static readonly IReadOnlyList<DemoOrganization> Organizations =
    [
        new("minh-phat", "Công ty TNHH Thương mại Minh Phát", "Minh Phát", "minhphat.vn", Plan.Paid,
            new(320, 12, Enterprise), 5),
        new("sao-viet-tech", "Công ty Cổ phần Công nghệ Sao Việt", "Sao Việt", "saovietjsc.vn", Plan.Paid,
            new(200, 24, Enterprise + " Hợp đồng 24 tháng, thanh toán theo quý."), 4),
        new("huong-que-food", "Công ty Cổ phần Thực phẩm Hương Quê", "Hương Quê", "huongque.com.vn", Plan.Paid,
            new(500, null, Standard + " Hợp đồng tự động gia hạn hằng năm, mỗi bên báo chấm dứt trước 30 ngày."), 4),
        new("nu-cuoi-viet", "Công ty TNHH Nha khoa Nụ Cười Việt", "Nha khoa Nụ Cười Việt", "nucuoiviet.vn", Plan.Paid,
            // Ends within the month: a contract to renew is part of a realistic demo.
            new(345, 12, Standard + " Hợp đồng 12 tháng, không tự động gia hạn."), 3),
        new("thien-an-pharma", "Công ty Cổ phần Dược phẩm Thiên Ân", "Thiên Ân", "thienanpharma.vn", Plan.Paid,
            new(90, 12, FullCare), 4),
        new("bien-xanh-travel", "Công ty TNHH Du lịch Biển Xanh", "Biển Xanh", "bienxanhtravel.vn", Plan.Paid, null, 3),
        new("tuong-lai-edu", "Công ty TNHH Giáo dục Tương Lai", "Tương Lai", "tuonglai.edu.vn", Plan.Paid, null, 3),
        new("an-gia-noi-that", "Công ty TNHH Nội thất An Gia", "An Gia", "angia-noithat.vn", Plan.Free, null, 2),
        new("ngoc-lan-cosmetics", "Công ty TNHH Mỹ phẩm Ngọc Lan", "Ngọc Lan", "mypham-ngoclan.vn", Plan.Free, null, 2),
        new("phuong-nam-logistics", "Công ty TNHH Vận tải Phương Nam", "Phương Nam", "vantaiphuongnam.vn", Plan.Free, null, 2),
        new("cao-nguyen-xanh", "Công ty Cổ phần Nông sản Cao Nguyên Xanh", "Cao Nguyên Xanh", "caonguyenxanh.vn", Plan.Free, null, 1),
        new("ca-phe-pho-co", "Công ty TNHH Cà phê Phố Cổ", "Cà phê Phố Cổ", "caphephoco.vn", Plan.Free, null, 1),
    ];

    /// <summary>The organization of the demo customer account.</summary>
    public static DemoOrganization DemoCustomerOrganization => Organizations[0];

    public const string DemoCustomerName = "Lê Thu Hằng";

    public static readonly IReadOnlyList<DemoStaff> Staff =
    [
        new(SeedDemo.AdminEmail, "Phạm Quốc Bảo", Role.Admin, null, false, false, 0),
        new(SeedDemo.AgentEmail, "Nguyễn Thị Mai Anh", Role.Agent, TechnicalTeam, false, true, 7),
        new($"huy.tran@{MailDomain}", "Trần Đức Huy", Role.Agent, TechnicalTeam, true, false, 3),
        new($"nam.le@{MailDomain}", "Lê Hoàng Nam", Role.Agent, TechnicalTeam, false, false, 5),
        new($"tung.vo@{MailDomain}", "Võ Thanh Tùng", Role.Agent, TechnicalTeam, false, false, 5),
        new($"ha.dang@{MailDomain}", "Đặng Thu Hà", Role.Agent, SalesTeam, true, true, 4),
        new($"khoa.bui@{MailDomain}", "Bùi Minh Khoa", Role.Agent, SalesTeam, false, false, 6),
    ];

    private static readonly string[] FamilyNames =
        ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai"];

    private static readonly string[] MaleMiddleNames = ["Văn", "Minh", "Đức", "Quốc", "Hoàng", "Thanh", "Hữu", "Công", "Gia", "Tuấn", "Anh"];

    private static readonly string[] FemaleMiddleNames = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Mai", "Kim", "Hồng", "Bảo"];

    private static readonly string[] MaleGivenNames =
        ["Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hòa", "Khánh", "Kiên", "Long", "Minh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Hưng", "Đạt", "Duy", "Lâm"];

    private static readonly string[] FemaleGivenNames =
        ["Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Uyên", "Vân", "Yến", "Thư", "Ngọc"];

    /// <summary>A Vietnamese full name (family, middle, given) and whether it is a woman's.</summary>
    public static (string Name, bool IsFemale) PersonName(Random random)
    {
        var female = random.Next(2) == 0;
        var family = Pick(random, FamilyNames);
        var middle = Pick(random, female ? FemaleMiddleNames : MaleMiddleNames);
        var given = Pick(random, female ? FemaleGivenNames : MaleGivenNames);
        return ($"{family} {middle} {given}", female);
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>The given name: Vietnamese people are addressed by it ("chị Lan", "anh Minh").</summary>
    public static string GivenName(string fullName) => fullName[(fullName.LastIndexOf(' ') + 1)..];

    public static string FamilyName(string fullName) => fullName[..fullName.IndexOf(' ')];

    /// <summary>"Nguyễn Thị Lan" → "lan.nguyen": the usual shape of a Vietnamese work address.</summary>
    public static string MailboxName(string fullName) => $"{Ascii(GivenName(fullName))}.{Ascii(FamilyName(fullName))}";

    /// <summary>Vietnamese without its marks, for addresses: đ is a letter of its own, not a d with a mark.</summary>
    public static string Ascii(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString();
    }
}
