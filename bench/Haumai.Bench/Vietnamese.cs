using System.Globalization;
using System.Text;

namespace Haumai.Bench;

/// <summary>
/// Realistic Vietnamese support text, built from phrase pools. Precomputed pools keep the bulk
/// load fast (no per-row string building) while still giving the database varied, UTF-8-heavy text
/// of realistic length, which matters for page size and row width.
/// </summary>
public static class Vietnamese
{
    private static readonly string[] Problems =
    [
        "Website không truy cập được", "Lỗi 502 khi mở trang chủ", "Không gửi được email", "Email bị vào thư rác",
        "Tên miền sắp hết hạn", "Không đăng nhập được trang quản trị", "Hóa đơn tháng này bị sai", "Cần xuất hóa đơn VAT",
        "Website chạy rất chậm", "Chứng chỉ SSL hết hạn", "Không nhận được mã OTP", "Lỗi thanh toán qua VNPay",
        "Cần tư vấn nâng cấp gói hosting", "Yêu cầu đào tạo sử dụng phần mềm", "Máy chủ báo đầy ổ cứng", "Mất dữ liệu sau khi cập nhật",
        "Ứng dụng di động bị treo", "Không đồng bộ được danh bạ", "Yêu cầu bảo hành thiết bị", "Khiếu nại về thời gian phản hồi",
        "Cần báo giá dịch vụ bảo trì", "Không kết nối được VPN", "Lỗi phông chữ tiếng Việt trên báo cáo", "Sao lưu tự động không chạy",
        "Cần thêm tài khoản cho nhân viên mới", "Trỏ tên miền về máy chủ mới", "Hộp thư bị đầy dung lượng", "Lỗi khi xuất file Excel",
    ];

    private static readonly string[] Contexts =
    [
        "", " từ sáng nay", " sau khi cập nhật", " trên điện thoại", " ở chi nhánh Hà Nội", " ở văn phòng TP.HCM",
        " cho khách hàng doanh nghiệp", " - cần hỗ trợ gấp", " (lần thứ hai)", " kể từ hôm qua", " vào giờ cao điểm",
    ];

    private static readonly string[] Sentences =
    [
        "Chào anh chị,", "Kính gửi bộ phận hỗ trợ,", "Từ sáng nay khách hàng của chúng tôi báo lỗi 502 khi mở trang chủ.",
        "Chúng tôi đã thử khởi động lại máy chủ nhưng không được.", "Nhân viên kế toán không gửi được email ra ngoài.",
        "Lỗi xuất hiện sau khi chúng tôi đổi mật khẩu quản trị.", "Mong anh chị kiểm tra giúp trong hôm nay.",
        "Công ty đang chạy chương trình khuyến mãi nên rất cần xử lý sớm.", "Tôi gửi kèm ảnh chụp màn hình thông báo lỗi.",
        "Tình trạng này xảy ra khoảng ba lần mỗi ngày.", "Hợp đồng của chúng tôi còn hiệu lực đến cuối năm.",
        "Xin cho biết thời gian dự kiến hoàn thành.", "Cảm ơn anh chị đã hỗ trợ nhiệt tình.",
        "Bên em đã kiểm tra và thấy bản ghi DNS chưa đúng.", "Anh chị vui lòng xóa bộ nhớ đệm trình duyệt rồi thử lại giúp em.",
        "Em đã khởi động lại dịch vụ, anh chị kiểm tra lại giúp em nhé.", "Sự cố do nhà cung cấp đường truyền, bên em đang theo dõi.",
        "Bên em cần thêm thông tin: tên miền và thời điểm xảy ra lỗi.", "Yêu cầu đã được chuyển cho bộ phận kỹ thuật.",
        "Chi phí dịch vụ theo báo giá đính kèm, đã bao gồm VAT.", "Khách hàng xác nhận đã hoạt động bình thường.",
        "Ghi chú nội bộ: cần kiểm tra lại nhật ký máy chủ lúc 9 giờ.", "Dung lượng hộp thư hiện tại là 98%.",
        "Vui lòng phản hồi trước 17 giờ để kịp xử lý trong ngày.", "Trân trọng,", "Nguyễn Thị Hương - phòng kế toán.",
        "Trần Văn Minh - trưởng phòng IT.", "Đơn hàng số 2024-0815 bị trừ tiền hai lần.", "Chúng tôi dùng gói doanh nghiệp 50 người dùng.",
    ];

    public static readonly string[] Subjects = BuildSubjects();

    /// <summary>4,096 bodies of 1 to 5 sentences (about 60 to 400 characters).</summary>
    public static readonly string[] Bodies = BuildBodies(4096, new Random(7));

    private static string[] BuildSubjects() =>
        [.. Problems.SelectMany(p => Contexts.Select(c => p + c))];

    private static string[] BuildBodies(int count, Random random)
    {
        var bodies = new string[count];
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Clear();
            var n = random.Next(1, 6);
            for (var j = 0; j < n; j++)
            {
                if (j > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(Sentences[random.Next(Sentences.Length)]);
            }
            bodies[i] = sb.ToString();
        }
        return bodies;
    }

    /// <summary>"Nguyễn Thị Hương" → "nguyen.thi.huong": Vietnamese names as email local parts.</summary>
    public static string Ascii(string text, char separator)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var d = c is 'đ' ? 'd' : c is 'Đ' ? 'D' : c;
            if (char.IsAsciiLetterOrDigit(d))
            {
                sb.Append(char.ToLowerInvariant(d));
            }
            else if (sb.Length > 0 && sb[^1] != separator)
            {
                sb.Append(separator);
            }
        }
        return sb.ToString().Trim(separator);
    }
}
