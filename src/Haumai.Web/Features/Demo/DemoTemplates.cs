using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Demo;

/// <summary>
/// One kind of request and the conversation it usually leads to. Texts may hold placeholders
/// filled per ticket: {you}/{You} (how the agent addresses the requester: "anh", "chị"), {org}
/// (the organization's short name), {domain} (its website), {month}/{lastMonth}, {hour}, {n} (a
/// customer code) and {ref} (for warranty claims: which earlier ticket fixed the problem).
/// </summary>
internal sealed record DemoTemplate
{
    public required string Category { get; init; }
    public required Priority Priority { get; init; }
    public required string Subject { get; init; }

    /// <summary>What the customer writes to open the ticket.</summary>
    public required string Body { get; init; }

    /// <summary>The agent's first public reply: acknowledgement and first findings.</summary>
    public required string Diagnosis { get; init; }

    /// <summary>An internal note between agents: what the customer does not see.</summary>
    public required string Note { get; init; }

    /// <summary>What the agent needs from the customer (or, for paid work, the quote): the ticket then waits on them.</summary>
    public required string Question { get; init; }

    /// <summary>The customer's answer to <see cref="Question"/>.</summary>
    public required string Answer { get; init; }

    /// <summary>Why the work waits on a third party or on internal work (an internal note).</summary>
    public required string Hold { get; init; }

    /// <summary>The agent's reply that solves the request.</summary>
    public required string Resolution { get; init; }

    public required string[] Tags { get; init; }

    /// <summary>
    /// Warranty claims: the problem that comes back, when no earlier ticket of the organization
    /// is there to name (the fix predates the demo).
    /// </summary>
    public string? Fault { get; init; }
}

internal static class DemoTemplates
{
    public static readonly string[] CategorySlugs =
    [
        "usage-guidance", "technical-fault", "question", "operations-incident", "complaint",
        "training-request", "warranty-claim", "paid-work-request", "sales-enquiry",
    ];

    /// <summary>How often each category comes up: incidents and faults are most of a support team's day.</summary>
    public static readonly IReadOnlyList<(string Category, int Weight)> CategoryWeights =
    [
        ("operations-incident", 22),
        ("technical-fault", 20),
        ("usage-guidance", 15),
        ("question", 12),
        ("sales-enquiry", 8),
        ("paid-work-request", 7),
        ("complaint", 6),
        ("training-request", 5),
        ("warranty-claim", 5),
    ];

    /// <summary>The team a category belongs to in the source policies; its agents work the tickets.</summary>
    public static string NaturalTeam(string category) => category switch
    {
        "question" or "complaint" or "paid-work-request" or "sales-enquiry" => DemoCast.SalesTeam,
        _ => DemoCast.TechnicalTeam,
    };

    public static readonly string[] Greetings =
        ["Chào bộ phận hỗ trợ,", "Kính gửi bộ phận chăm sóc khách hàng,", "Chào các bạn,", "Xin chào,", "Chào bên hỗ trợ,"];

    public static readonly string[] SignOffs = ["Cảm ơn,", "Trân trọng,", "Mong sớm nhận được phản hồi.", "Cảm ơn các bạn nhiều,"];

    public static readonly string[] Thanks =
    [
        "Mình kiểm tra thì đã ổn rồi. Cảm ơn các bạn đã hỗ trợ nhiệt tình!",
        "Đã hoạt động bình thường, cảm ơn bạn nhiều.",
        "Ok rồi bạn ơi, cảm ơn nhé.",
        "Bên mình xác nhận đã xong. Cảm ơn đã hỗ trợ nhanh.",
        "Cảm ơn bạn, mình đã làm theo và được rồi.",
    ];

    public static readonly string[] Nudges =
    [
        "Có ai tiếp nhận yêu cầu này chưa ạ? Bên mình đang cần gấp.",
        "Bổ sung thêm: tình trạng xảy ra cả trên máy tính và điện thoại.",
        "Mình gửi thêm ảnh chụp màn hình để các bạn dễ kiểm tra.",
        "Nhờ các bạn ưu tiên giúp, cuối tuần này bên mình có chương trình lớn.",
    ];

    public static readonly string[] Reopens =
    [
        "Hôm nay lại bị y như cũ, nhờ các bạn kiểm tra lại giúp.",
        "Mình kiểm tra lại thì thỉnh thoảng vẫn còn bị, nhờ xem thêm giúp mình.",
        "Xin lỗi đã làm phiền, nhưng sáng nay vấn đề lại xuất hiện.",
    ];

    public static readonly string[] SecondFixes =
    [
        "Cảm ơn {you} đã báo lại. Chúng tôi đã kiểm tra kỹ hơn và xử lý nốt phần còn sót. {You} kiểm tra lại giúp chúng tôi nhé.",
        "Chúng tôi xin lỗi vì vấn đề tái diễn. Kỹ thuật viên đã khắc phục triệt để và theo dõi thêm 24 giờ; hiện mọi thứ hoạt động bình thường.",
    ];

    public static readonly string[] Working =
    [
        "Cảm ơn {you} đã cung cấp thông tin. Chúng tôi đang xử lý và sẽ cập nhật kết quả sớm nhất.",
        "Chúng tôi đã nhận được thông tin, kỹ thuật viên đang thực hiện. Dự kiến hoàn thành trong hôm nay.",
        "Cảm ơn {you}. Chúng tôi đã chuyển thông tin cho chuyên viên phụ trách và sẽ phản hồi ngay khi có kết quả.",
    ];

    public const string OnHoldCourtesy =
        "Yêu cầu của {you} đang chờ một bước xử lý từ bên liên quan nên chúng tôi tạm chuyển sang trạng thái tạm hoãn. " +
        "Chúng tôi sẽ cập nhật ngay khi có tiến triển, {you} không cần gửi thêm thông tin.";

    public const string AwaitingConfirmation = "{You} kiểm tra và xác nhận giúp chúng tôi là mọi thứ đã ổn nhé.";

    public const string Escalation = "Khách cho biết sự cố ảnh hưởng trực tiếp đến kinh doanh, nâng mức ưu tiên.";

    public const string Reclassified = "Khách chọn nhầm loại yêu cầu, đã chuyển đúng loại và đúng nhóm phụ trách.";

    public static readonly IReadOnlyList<DemoTemplate> All =
    [
        // ---- Hướng dẫn sử dụng (usage guidance) ----
        new()
        {
            Category = "usage-guidance", Priority = Priority.Low, Tags = ["hoa-don", "huong-dan"],
            Subject = "Hướng dẫn xuất hóa đơn điện tử ra file Excel",
            Body = "Bộ phận kế toán bên mình cần xuất danh sách hóa đơn điện tử tháng {lastMonth} ra file Excel để đối chiếu sổ sách, nhưng không tìm thấy nút xuất trong trang quản trị. Nhờ các bạn hướng dẫn giúp các bước thực hiện.",
            Diagnosis = "Cảm ơn {you} đã liên hệ. Để xuất hóa đơn ra Excel, {you} làm như sau:\n1. Vào Quản trị → Hóa đơn → Danh sách hóa đơn.\n2. Chọn khoảng thời gian của tháng {lastMonth} ở bộ lọc phía trên.\n3. Bấm \"Xuất dữ liệu\" ở góc phải và chọn định dạng Excel (.xlsx).\nNếu không thấy nút \"Xuất dữ liệu\", có thể tài khoản của {you} chưa được cấp quyền kế toán.",
            Note = "Tài khoản của khách đang ở vai trò Biên tập viên nên bị ẩn nút Xuất dữ liệu. Cần quản trị viên phía khách cấp thêm quyền Kế toán.",
            Question = "{You} cho chúng tôi biết đang đăng nhập bằng tài khoản nào để kiểm tra phân quyền giúp nhé?",
            Answer = "Mình đăng nhập bằng tài khoản ketoan của công ty. Làm theo hướng dẫn nhưng vẫn không thấy nút xuất.",
            Hold = "Chờ đội phát triển bổ sung quyền xuất hóa đơn cho vai trò Kế toán trong bản cập nhật tới.",
            Resolution = "Chúng tôi đã cấp quyền Kế toán cho tài khoản của {you}. {You} đăng xuất, đăng nhập lại và làm theo các bước trên là xuất được file Excel. Hướng dẫn chi tiết có trong Thư viện tài liệu, mục \"Hóa đơn điện tử\".",
        },
        new()
        {
            Category = "usage-guidance", Priority = Priority.Low, Tags = ["email", "huong-dan"],
            Subject = "Cách tạo tài khoản email cho nhân viên mới",
            Body = "Công ty mình vừa nhận thêm 3 nhân viên kinh doanh, cần tạo email theo tên miền {domain} cho các bạn ấy. Mình có quyền quản trị nhưng chưa làm bao giờ, nhờ hướng dẫn giúp.",
            Diagnosis = "Chào mừng các thành viên mới của {org}! {You} tạo hộp thư như sau:\n1. Đăng nhập trang quản trị email tại mail.{domain}/admin.\n2. Chọn Hộp thư → Thêm mới, nhập tên đăng nhập (ví dụ ten.ho@{domain}) và mật khẩu tạm.\n3. Chọn dung lượng (mặc định 5 GB) rồi bấm Lưu.\nGói hiện tại của {you} còn trống 5 hộp thư, đủ cho 3 nhân viên mới.",
            Note = "Gói email của khách còn 5 hộp thư trống, chưa cần nâng cấp. Nếu khách cần thêm thì chuyển Kinh doanh báo giá.",
            Question = "{You} có muốn nhân viên phải đổi mật khẩu tạm ở lần đăng nhập đầu không ạ? Nếu có, chúng tôi sẽ bật tùy chọn này cho tên miền của {you}.",
            Answer = "Có, bạn bật giúp mình tùy chọn đổi mật khẩu lần đầu nhé.",
            Hold = "Máy chủ email đang bảo trì theo lịch đến 22:00, sau đó mới tạo hộp thư được.",
            Resolution = "Chúng tôi đã bật tùy chọn bắt đổi mật khẩu ở lần đăng nhập đầu. {You} tạo hộp thư theo các bước trên; để cài email trên điện thoại, {you} xem hướng dẫn \"Cài đặt email trên iPhone và Android\" trong Thư viện tài liệu.",
        },
        new()
        {
            Category = "usage-guidance", Priority = Priority.Low, Tags = ["website", "huong-dan"],
            Subject = "Không biết cách thay ảnh banner trên trang chủ",
            Body = "Sắp tới bên mình chạy chương trình khuyến mãi cuối năm, cần thay ảnh banner lớn trên trang chủ. Mình vào phần Giao diện nhưng không thấy chỗ đổi ảnh. Kích thước ảnh chuẩn là bao nhiêu vậy?",
            Diagnosis = "{You} vào Quản trị → Giao diện → Trình chiếu, chọn banner cần thay và bấm \"Đổi ảnh\". Kích thước khuyến nghị là 1920×600 px, dung lượng dưới 500 KB để trang tải nhanh. {You} có thể đặt thời gian hiển thị để banner khuyến mãi tự tắt khi hết chương trình.",
            Note = "Khách dùng giao diện bản cũ (v2), mục Trình chiếu nằm trong Giao diện → Tùy biến. Gửi ảnh chụp màn hình nếu khách vẫn không thấy.",
            Question = "{You} đang dùng giao diện nào ạ? {You} chụp giúp chúng tôi màn hình mục Giao diện để hướng dẫn chính xác hơn.",
            Answer = "Mình gửi ảnh chụp màn hình đây, mục Giao diện của mình chỉ có Màu sắc và Phông chữ thôi.",
            Hold = "Chờ đội thiết kế kiểm tra lại trình chiếu trên giao diện v2 của khách, có thể cần nâng cấp giao diện.",
            Resolution = "Giao diện của {you} là bản cũ nên mục Trình chiếu nằm ở Giao diện → Tùy biến → Trang chủ. Chúng tôi đã quay video ngắn hướng dẫn, {you} xem trong Thư viện tài liệu. Chúc chương trình khuyến mãi của {org} thành công!",
        },
        new()
        {
            Category = "usage-guidance", Priority = Priority.Low, Tags = ["khuyen-mai", "huong-dan"],
            Subject = "Hướng dẫn tạo mã giảm giá cho khách mua lần đầu",
            Body = "Bên mình muốn tạo mã giảm giá 10% cho khách mua lần đầu trên website, mỗi khách chỉ dùng 1 lần, hạn đến hết tháng {month}. Nhờ hướng dẫn cách cấu hình.",
            Diagnosis = "{You} vào Bán hàng → Mã giảm giá → Tạo mã mới, chọn loại \"Phần trăm\" với giá trị 10, điều kiện \"Khách hàng mua lần đầu\", giới hạn \"1 lần mỗi khách\" và ngày hết hạn cuối tháng {month}. Sau khi lưu, {you} nên thử đặt một đơn bằng tài khoản khách để kiểm tra.",
            Note = "Điều kiện 'khách mua lần đầu' có từ bản 3.2; website của khách đang ở bản 3.4 nên dùng được.",
            Question = "{You} muốn mã áp dụng cho toàn bộ sản phẩm hay chỉ một số danh mục ạ?",
            Answer = "Chỉ áp dụng cho danh mục Quà tặng thôi bạn nhé.",
            Hold = "Chờ đội phát triển sửa lỗi giới hạn mã giảm giá theo danh mục trong bản vá tuần này.",
            Resolution = "Với mã chỉ áp dụng cho danh mục Quà tặng, {you} chọn thêm \"Áp dụng cho danh mục\" → Quà tặng khi tạo mã. Chúng tôi đã thử trên bản sao website của {you} và mã hoạt động đúng.",
        },
        new()
        {
            Category = "usage-guidance", Priority = Priority.Low, Tags = ["phan-quyen", "huong-dan"],
            Subject = "Phân quyền cho cộng tác viên chỉ được đăng bài viết",
            Body = "Mình cần tạo tài khoản cho bạn cộng tác viên viết bài, chỉ được đăng và sửa tin tức, không được xem đơn hàng và doanh thu. Làm thế nào vậy?",
            Diagnosis = "{You} tạo tài khoản tại Quản trị → Người dùng → Thêm mới và chọn vai trò \"Biên tập viên\". Vai trò này chỉ truy cập mục Tin tức và Thư viện ảnh, không thấy Đơn hàng hay Báo cáo.",
            Note = "Đã kiểm tra: vai trò Biên tập viên trên website của khách chưa bị chỉnh, đúng mặc định.",
            Question = "{You} có muốn bài của cộng tác viên phải được duyệt trước khi đăng không ạ?",
            Answer = "Có, bài phải qua mình duyệt rồi mới hiện lên website.",
            Hold = "Chờ cập nhật tiện ích duyệt bài lên phiên bản tương thích.",
            Resolution = "Chúng tôi đã bật chế độ duyệt bài: bài của Biên tập viên ở trạng thái \"Chờ duyệt\" cho đến khi {you} bấm Xuất bản. {You} vào Tin tức → Chờ duyệt để xem các bài mới.",
        },
        new()
        {
            Category = "usage-guidance", Priority = Priority.Medium, Tags = ["email", "outlook"],
            Subject = "Cài đặt email công ty trên Outlook và điện thoại",
            Body = "Mình mới đổi máy tính, cần cài lại email {domain} trên Outlook và trên iPhone. Thông số máy chủ IMAP/SMTP là gì vậy? Outlook báo không gửi được thư.",
            Diagnosis = "Thông số cài đặt email của {you}:\n- Máy chủ nhận (IMAP): mail.{domain}, cổng 993, SSL/TLS\n- Máy chủ gửi (SMTP): mail.{domain}, cổng 587, STARTTLS, có xác thực\n- Tên đăng nhập: địa chỉ email đầy đủ.\nTrên iPhone, {you} vào Cài đặt → Mail → Tài khoản → Thêm tài khoản → Khác và nhập các thông số trên.",
            Note = "Khách dùng Outlook 2016, nhớ dặn tắt tùy chọn 'Use SPA'.",
            Question = "Outlook có báo lỗi cụ thể gì không ạ? {You} gửi giúp ảnh chụp thông báo lỗi nhé.",
            Answer = "Outlook báo \"Không thể kết nối máy chủ gửi thư\", mình gửi ảnh kèm theo.",
            Hold = "Chờ khách sắp xếp thời gian để kỹ thuật viên hỗ trợ từ xa qua UltraViewer.",
            Resolution = "Lỗi do Outlook đang dùng cổng 25, bị nhà mạng chặn. Chúng tôi đã hỗ trợ từ xa chuyển sang cổng 587 và {you} đã gửi nhận thư bình thường. Hướng dẫn cài đặt đầy đủ có trong Thư viện tài liệu.",
        },

        // ---- Lỗi kỹ thuật (technical fault) ----
        new()
        {
            Category = "technical-fault", Priority = Priority.Urgent, Tags = ["website", "502", "hosting"],
            Subject = "Website báo lỗi 502 Bad Gateway, khách không đặt hàng được",
            Body = "Từ khoảng {hour} giờ hôm nay website {domain} báo lỗi 502 Bad Gateway, lúc vào được lúc không. Khách gọi phản ánh không đặt hàng được, bên mình đang chạy quảng cáo nên thiệt hại rất lớn. Nhờ kiểm tra gấp!",
            Diagnosis = "Chúng tôi đã tiếp nhận và đang xử lý. Kiểm tra ban đầu cho thấy tiến trình PHP trên máy chủ của {you} bị quá tải do lượng truy cập tăng đột biến từ chiến dịch quảng cáo, nên máy chủ web trả về lỗi 502. Chúng tôi đã khởi động lại dịch vụ và đang theo dõi.",
            Note = "Log: 'server reached pm.max_children setting'. pm.max_children = 10, quá thấp cho lưu lượng hiện tại; đã tăng tạm lên 30, cần xem lại RAM của gói hosting.",
            Question = "{You} cho chúng tôi biết chiến dịch quảng cáo chạy đến khi nào và lượng truy cập dự kiến bao nhiêu để cấu hình máy chủ phù hợp nhé?",
            Answer = "Chiến dịch chạy đến hết tháng, dự kiến khoảng 5.000 lượt truy cập mỗi ngày, cao điểm 20–22 giờ.",
            Hold = "Chờ bộ phận hạ tầng nâng RAM máy chủ trong khung giờ bảo trì đêm nay.",
            Resolution = "Chúng tôi đã tăng giới hạn tiến trình PHP, bật bộ nhớ đệm trang và theo dõi liên tục 24 giờ: website hoạt động ổn định, không còn lỗi 502 kể cả giờ cao điểm. Sự cố thuộc phạm vi hỗ trợ miễn phí và được bảo hành nếu tái diễn.",
        },
        new()
        {
            Category = "technical-fault", Priority = Priority.High, Tags = ["website", "form", "500"],
            Subject = "Form liên hệ trên website báo lỗi 500 khi bấm Gửi",
            Body = "Khách điền form liên hệ ở trang {domain}/lien-he và bấm Gửi thì hiện lỗi 500 Internal Server Error. Từ hôm qua bên mình không nhận được yêu cầu nào từ form.",
            Diagnosis = "Chúng tôi đã tái hiện được lỗi. Nguyên nhân ban đầu là mật khẩu hộp thư mà form dùng để gửi thông báo đã bị thay đổi, nên máy chủ báo lỗi khi gửi thư. Chúng tôi đang cập nhật cấu hình.",
            Note = "Log: 'SMTP Error: Could not authenticate'. Khách đổi mật khẩu hộp thư lienhe@ hôm qua. Form không bắt lỗi gửi thư nên trả 500: cần sửa để form vẫn lưu yêu cầu khi gửi thư lỗi.",
            Question = "Hôm qua bên {you} có đổi mật khẩu hộp thư lienhe@{domain} không ạ? Nếu có, {you} gọi tổng đài báo mật khẩu mới giúp chúng tôi (không gửi mật khẩu qua email).",
            Answer = "Đúng rồi, hôm qua bên mình đổi mật khẩu vì nghi bị lộ. Mình đã gọi tổng đài báo mật khẩu mới.",
            Hold = "Chờ đội phát triển phát hành bản sửa để form vẫn lưu yêu cầu khi gửi thư lỗi.",
            Resolution = "Chúng tôi đã cập nhật mật khẩu gửi thư và sửa form để dù gửi thư thất bại, yêu cầu của khách vẫn được lưu trong trang quản trị. {You} vào Quản trị → Liên hệ để xem lại các yêu cầu gửi từ hôm qua (đã khôi phục được 14 yêu cầu).",
        },
        new()
        {
            Category = "technical-fault", Priority = Priority.Medium, Tags = ["website", "gio-hang", "mobile"],
            Subject = "Giỏ hàng không cập nhật số lượng trên điện thoại",
            Body = "Trên điện thoại (Safari và Chrome), khi khách bấm tăng số lượng sản phẩm trong giỏ hàng thì tổng tiền không đổi, phải tải lại trang mới đúng. Trên máy tính thì bình thường.",
            Diagnosis = "Cảm ơn {you} đã mô tả chi tiết. Chúng tôi đã tái hiện được lỗi trên iPhone: đoạn mã cập nhật giỏ hàng bị xung đột với tiện ích chat mới cài tuần trước. Đội kỹ thuật đang sửa.",
            Note = "Xung đột jQuery: tiện ích chat nạp jQuery 1.x đè lên 3.x. Cách tạm: nạp tiện ích chat sau cùng (defer).",
            Question = "Tuần trước bên {you} có tự cài thêm tiện ích hay đoạn mã nào vào website không ạ?",
            Answer = "Bên mình có cài thêm tiện ích chat theo hướng dẫn trên mạng.",
            Hold = "Chờ nhà phát triển tiện ích chat trả lời về bản tương thích jQuery 3.",
            Resolution = "Chúng tôi đã chỉnh để tiện ích chat nạp sau cùng, không còn ghi đè thư viện của giỏ hàng. Giỏ hàng trên điện thoại đã cập nhật số lượng và tổng tiền ngay khi bấm.",
        },
        new()
        {
            Category = "technical-fault", Priority = Priority.High, Tags = ["website", "dang-nhap"],
            Subject = "Đăng nhập trang quản trị xong bị đẩy ra ngay",
            Body = "Từ chiều qua cả phòng không ai vào được trang quản trị: nhập đúng mật khẩu, trang chuyển vào được 1 giây rồi quay lại màn hình đăng nhập. Đã thử xóa bộ nhớ đệm trình duyệt nhưng không được.",
            Diagnosis = "Chúng tôi đã kiểm tra: chứng chỉ SSL vừa được gia hạn nhưng cấu hình chuyển hướng giữa http và https bị lặp, khiến cookie đăng nhập không được lưu. Chúng tôi đang sửa cấu hình.",
            Note = "Địa chỉ website trong cấu hình vẫn là http:// trong khi cookie đặt cờ secure, nên mất phiên đăng nhập. Sửa địa chỉ sang https.",
            Question = "{You} đang vào trang quản trị bằng địa chỉ nào (có www hay không, http hay https) ạ?",
            Answer = "Bọn mình vào bằng http://{domain}/admin như mọi khi.",
            Hold = "Chờ khách đồng ý thời điểm khởi động lại máy chủ (đang giờ cao điểm bán hàng).",
            Resolution = "Chúng tôi đã chuyển toàn bộ địa chỉ website sang https và sửa vòng lặp chuyển hướng. {You} và đồng nghiệp đã đăng nhập lại bình thường; từ nay {you} dùng địa chỉ https://{domain}/admin nhé.",
        },
        new()
        {
            Category = "technical-fault", Priority = Priority.Medium, Tags = ["pdf", "tieng-viet"],
            Subject = "Chữ tiếng Việt bị lỗi trong file PDF báo giá",
            Body = "Khi xuất báo giá ra PDF, các chữ có dấu như \"Đơn giá\", \"Thành tiền\" bị vỡ thành ô vuông, in ra giấy cũng bị. Trước đây vẫn bình thường.",
            Diagnosis = "Chúng tôi đã xem file PDF {you} gửi: phông chữ không được nhúng vào file sau bản cập nhật gần đây, nên máy không có phông này hiển thị ô vuông. Chúng tôi đang chuẩn bị bản sửa.",
            Note = "Bản 3.4.1 đổi thư viện PDF và quên nhúng phông có bộ ký tự tiếng Việt. Ảnh hưởng mọi khách dùng mẫu báo giá cũ.",
            Question = "{You} gửi giúp chúng tôi một file PDF bị lỗi và cho biết đang dùng mẫu báo giá nào ạ?",
            Answer = "Mình gửi kèm file báo giá số BG-0412, dùng mẫu \"Báo giá chuẩn\".",
            Hold = "Chờ bản vá 3.4.2 (nhúng phông tiếng Việt) được phát hành.",
            Resolution = "Bản cập nhật 3.4.2 đã nhúng đầy đủ phông chữ tiếng Việt vào file PDF. Chúng tôi đã cài bản này cho {org}; {you} xuất lại báo giá là các chữ có dấu hiển thị đúng.",
        },
        new()
        {
            Category = "technical-fault", Priority = Priority.Urgent, Tags = ["thanh-toan", "vnpay", "website"],
            Subject = "Thanh toán VNPay báo lỗi sai chữ ký sau khi cập nhật website",
            Body = "Sau khi bên bạn cập nhật website tối qua, khách chọn thanh toán VNPay thì bị báo \"Sai chữ ký\" (mã lỗi 97) và không thanh toán được. Sáng nay đã có 6 đơn bị hủy vì lỗi này.",
            Diagnosis = "Chúng tôi xin lỗi vì sự bất tiện. Bản cập nhật tối qua đã ghi đè khóa bí mật của cổng VNPay bằng giá trị mặc định, nên chữ ký không khớp. Chúng tôi đang khôi phục cấu hình.",
            Note = "Kịch bản triển khai ghi đè config/payment.php. Đã báo đội phát triển loại file cấu hình khỏi gói triển khai. Ưu tiên cao nhất.",
            Question = "Để khôi phục nhanh, {you} chuyển tiếp giúp email VNPay gửi khi đăng ký (có mã website TMN Code) nhé.",
            Answer = "Mình đã chuyển tiếp email đăng ký VNPay cho bạn rồi.",
            Hold = "Chờ VNPay xác nhận cấp lại khóa bí mật cho tài khoản của khách.",
            Resolution = "Chúng tôi đã khôi phục khóa bí mật và thanh toán thử thành công bằng thẻ thật (đã hoàn tiền giao dịch thử). Quy trình cập nhật đã được sửa để không ghi đè cấu hình thanh toán nữa. Sự cố do phía chúng tôi gây ra nên được xử lý miễn phí và bảo hành không thời hạn.",
        },
        new()
        {
            Category = "technical-fault", Priority = Priority.Low, Tags = ["website", "hinh-anh"],
            Subject = "Ảnh sản phẩm tải lên bị xoay ngang",
            Body = "Ảnh chụp bằng điện thoại khi tải lên phần sản phẩm bị xoay ngang 90 độ, dù trên máy vẫn đứng. Không gấp nhưng nhờ các bạn xem giúp.",
            Diagnosis = "Ảnh chụp bằng điện thoại lưu hướng xoay trong dữ liệu EXIF, và trình xử lý ảnh của website hiện bỏ qua thông tin này. Chúng tôi sẽ bật tính năng tự xoay theo EXIF.",
            Note = "Bật auto-orient trong cấu hình Imagick, cần tạo lại ảnh thu nhỏ cho ảnh cũ.",
            Question = "{You} có muốn chúng tôi xoay lại cả các ảnh đã tải lên trước đây không ạ? Việc tạo lại ảnh mất khoảng 30 phút.",
            Answer = "Có, bạn xử lý giúp cả ảnh cũ nhé, làm ngoài giờ hành chính thì tốt.",
            Hold = "Lên lịch tạo lại ảnh thu nhỏ lúc 23:00 để không ảnh hưởng khách truy cập.",
            Resolution = "Chúng tôi đã bật tự xoay ảnh theo EXIF và tạo lại 1.248 ảnh sản phẩm cũ. Ảnh mới tải lên sẽ hiển thị đúng chiều.",
        },

        // ---- Câu hỏi về dịch vụ, sản phẩm, thanh toán (question) ----
        new()
        {
            Category = "question", Priority = Priority.Low, Tags = ["hoa-don", "thanh-toan"],
            Subject = "Chưa nhận được hóa đơn VAT dịch vụ tháng {lastMonth}",
            Body = "Kế toán bên mình chưa nhận được hóa đơn VAT phí dịch vụ tháng {lastMonth}. Nhờ kiểm tra và gửi lại giúp vào email kế toán. Thông tin xuất hóa đơn giữ như cũ.",
            Diagnosis = "Chúng tôi đã kiểm tra: hóa đơn tháng {lastMonth} của {org} đã được phát hành nhưng email gửi đi bị trả về do hộp thư kế toán đầy. Chúng tôi sẽ gửi lại ngay khi {you} xác nhận địa chỉ nhận.",
            Note = "Hóa đơn phát hành ngày 05, thư bị trả về với lỗi 552 (hộp thư đầy).",
            Question = "{You} xác nhận giúp địa chỉ email nhận hóa đơn, hoặc cho chúng tôi một địa chỉ khác nhé?",
            Answer = "Bạn gửi giúp vào ketoan@{domain}, mình vừa dọn hộp thư rồi.",
            Hold = "Chờ bộ phận kế toán điều chỉnh thông tin mã số thuế trên hóa đơn.",
            Resolution = "Chúng tôi đã gửi lại hóa đơn VAT tháng {lastMonth} (kèm file XML) vào ketoan@{domain}. {You} cũng có thể tải hóa đơn bất cứ lúc nào trong Cổng khách hàng → Thanh toán.",
        },
        new()
        {
            Category = "question", Priority = Priority.Low, Tags = ["goi-dich-vu", "nang-cap"],
            Subject = "Gói Doanh nghiệp khác gói Tiêu chuẩn những gì?",
            Body = "Bên mình đang dùng gói Tiêu chuẩn, muốn biết gói Doanh nghiệp có thêm những gì về dung lượng, số hộp thư và thời gian hỗ trợ, để trình giám đốc duyệt.",
            Diagnosis = "So với gói Tiêu chuẩn, gói Doanh nghiệp có: dung lượng 50 GB (thay vì 10 GB), 50 hộp thư email, sao lưu hằng ngày giữ 30 ngày, phản hồi sự cố khẩn cấp trong 1 giờ và ngưỡng hỗ trợ miễn phí 120 phút mỗi yêu cầu. Chúng tôi gửi kèm bảng so sánh chi tiết để {you} trình giám đốc.",
            Note = "Khách có tiềm năng nâng cấp, đã báo trưởng nhóm Kinh doanh.",
            Question = "{You} cần báo giá cho kỳ hạn 12 hay 24 tháng để chúng tôi tính ưu đãi phù hợp ạ?",
            Answer = "Bạn báo giá giúp cả hai kỳ hạn để bên mình so sánh.",
            Hold = "Chờ trưởng nhóm Kinh doanh duyệt mức chiết khấu cho kỳ hạn 24 tháng.",
            Resolution = "Chúng tôi đã gửi báo giá gói Doanh nghiệp cho kỳ hạn 12 và 24 tháng (kỳ hạn 24 tháng giảm 15%). Báo giá có hiệu lực 30 ngày; khi {you} đồng ý, chúng tôi nâng cấp trong ngày, không gián đoạn dịch vụ.",
        },
        new()
        {
            Category = "question", Priority = Priority.Low, Tags = ["thanh-toan", "gia-han"],
            Subject = "Gia hạn dịch vụ bằng chuyển khoản được không?",
            Body = "Dịch vụ hosting bên mình sắp đến hạn gia hạn. Bên mình muốn chuyển khoản ngân hàng thay vì thanh toán thẻ, nội dung chuyển khoản ghi thế nào để bên bạn đối soát?",
            Diagnosis = "Hoàn toàn được ạ. {You} chuyển khoản theo thông tin trên hóa đơn gia hạn, nội dung ghi mã khách hàng và số hóa đơn (ví dụ: KH{n} gia han). Hóa đơn trong Cổng khách hàng có sẵn mã VietQR để {you} quét bằng ứng dụng ngân hàng, nhanh và không sai nội dung.",
            Note = "Khách hay chuyển khoản trễ 2-3 ngày; không tạm ngưng dịch vụ trong 7 ngày ân hạn.",
            Question = "{You} cần xuất hóa đơn VAT theo thông tin công ty hiện tại hay có thay đổi gì không ạ?",
            Answer = "Giữ nguyên thông tin cũ nhé, cảm ơn bạn.",
            Hold = "Chờ ngân hàng đối soát giao dịch chuyển khoản của khách (chuyển ngoài giờ).",
            Resolution = "Chúng tôi đã nhận được khoản chuyển khoản của {org} và gia hạn dịch vụ thêm 12 tháng. Hóa đơn VAT đã gửi vào email kế toán của {you}.",
        },
        new()
        {
            Category = "question", Priority = Priority.Medium, Tags = ["hosting", "dung-luong"],
            Subject = "Hosting báo sắp đầy, còn bao nhiêu dung lượng?",
            Body = "Mình nhận được email cảnh báo hosting sắp đầy. Nhờ kiểm tra giúp đang dùng bao nhiêu, phần nào chiếm nhiều nhất và có nên nâng cấp không.",
            Diagnosis = "Hosting của {you} đang dùng 9,2/10 GB. Phần lớn là các bản sao lưu cũ do tiện ích tự tạo (6,1 GB) và email của hộp thư info@ (2,3 GB). Nếu xóa các bản sao lưu cũ, {you} còn trống khoảng 60%, chưa cần nâng cấp.",
            Note = "Bản sao lưu cũ do tiện ích của khách tạo, không phải sao lưu của hệ thống. Hỏi ý khách trước khi xóa.",
            Question = "{You} đồng ý để chúng tôi xóa các bản sao lưu do tiện ích tạo trước tháng {month} không ạ? Sao lưu hằng ngày của hệ thống vẫn được giữ nguyên.",
            Answer = "Đồng ý, bạn xóa giúp mình nhé.",
            Hold = "Chờ khách tải bản sao lưu cũ về máy trước khi xóa.",
            Resolution = "Chúng tôi đã xóa các bản sao lưu cũ, dung lượng hiện dùng còn 3,1/10 GB, và tắt tự sao lưu của tiện ích vì hệ thống đã sao lưu hằng ngày cho {you}.",
        },
        new()
        {
            Category = "question", Priority = Priority.Low, Tags = ["hop-dong", "giay-to"],
            Subject = "Xin bản sao hợp đồng và biên bản nghiệm thu",
            Body = "Bên mình đang làm hồ sơ quyết toán cuối năm, cần bản scan hợp đồng dịch vụ và biên bản nghiệm thu website năm ngoái. Nhờ gửi giúp.",
            Diagnosis = "Chúng tôi đã tìm thấy hợp đồng và biên bản nghiệm thu của {org}. Để bảo mật, tài liệu được gửi vào email người đại diện đã ký hợp đồng, hoặc {you} tải trong Cổng khách hàng → Hợp đồng.",
            Note = "Bản gốc biên bản nghiệm thu lưu ở văn phòng chi nhánh, cần nhờ hành chính scan.",
            Question = "{You} cần bản scan có đóng dấu giáp lai hay chỉ cần bản mềm ạ?",
            Answer = "Cần bản scan có dấu giáp lai bạn nhé, để nộp kiểm toán.",
            Hold = "Chờ văn phòng chi nhánh scan bản gốc có dấu giáp lai.",
            Resolution = "Chúng tôi đã gửi bản scan hợp đồng và biên bản nghiệm thu có dấu giáp lai vào email của {you}. Nếu cần bản gốc, chúng tôi gửi chuyển phát nhanh.",
        },
        new()
        {
            Category = "question", Priority = Priority.Low, Tags = ["hop-dong", "hoan-tien"],
            Subject = "Chính sách hoàn tiền khi chấm dứt dịch vụ trước hạn",
            Body = "Công ty mình có thể đổi mô hình kinh doanh. Nếu chấm dứt dịch vụ trước hạn thì phần phí còn lại có được hoàn không?",
            Diagnosis = "Theo điều khoản dịch vụ, khi chấm dứt trước hạn, phí của các tháng chưa sử dụng được hoàn lại sau khi trừ phí khởi tạo, trong vòng 15 ngày làm việc. Chúng tôi cũng hỗ trợ chuyển dữ liệu website và email sang nhà cung cấp mới miễn phí.",
            Note = "Khách có dấu hiệu rời bỏ. Đã báo bộ phận chăm sóc khách hàng liên hệ tìm hiểu lý do.",
            Question = "{You} cho chúng tôi biết lý do để xem có gói dịch vụ nào phù hợp hơn với mô hình mới của {org} không ạ?",
            Answer = "Bên mình chuyển sang bán qua sàn thương mại điện tử nhiều hơn, website chỉ còn để giới thiệu.",
            Hold = "Chờ bộ phận chăm sóc khách hàng đề xuất gói rút gọn cho khách.",
            Resolution = "Với nhu cầu chỉ giới thiệu công ty, chúng tôi đề xuất chuyển {org} sang gói Cơ bản, tiết kiệm 60% chi phí mà vẫn giữ tên miền và email. Nếu {you} vẫn muốn chấm dứt, chỉ cần trả lời yêu cầu này; chúng tôi sẽ gửi biên bản thanh lý.",
        },

        // ---- Sự cố vận hành (operations incident: email, hosting, domain) ----
        new()
        {
            Category = "operations-incident", Priority = Priority.Urgent, Tags = ["email", "550", "dns"],
            Subject = "Không nhận được email từ bên ngoài, người gửi báo lỗi 550",
            Body = "Từ sáng nay các hộp thư @{domain} không nhận được email của khách hàng. Thư gửi vào bị trả về với thông báo: \"550 5.1.1 Recipient address rejected: User unknown\". Email nội bộ vẫn gửi cho nhau được.",
            Diagnosis = "Chúng tôi đã kiểm tra: bản ghi MX của tên miền {domain} đang trỏ sang máy chủ cũ sau khi DNS được thay đổi tại nhà đăng ký, nên thư từ bên ngoài bị máy chủ cũ từ chối với lỗi 550. Chúng tôi đang cập nhật lại bản ghi MX.",
            Note = "dig MX {domain} trả về máy chủ cũ (không còn hộp thư). Hôm qua agency quảng cáo của khách đổi nameserver để làm landing page.",
            Question = "Hôm qua bên {you} có thay đổi DNS hoặc nameserver của tên miền không ạ? Nếu được, {you} cấp cho chúng tôi quyền vào trang quản lý DNS để sửa trực tiếp.",
            Answer = "Bên agency làm quảng cáo có đổi nameserver để trỏ landing page. Mình đã cấp quyền quản lý DNS cho bên bạn rồi.",
            Hold = "Chờ DNS cập nhật toàn cầu (TTL 4 giờ) sau khi sửa bản ghi MX.",
            Resolution = "Chúng tôi đã khôi phục bản ghi MX, SPF và DKIM đúng cho {domain}, đồng thời giữ nguyên bản ghi landing page của agency. Email từ bên ngoài đã vào hộp thư bình thường. Thư bị trả về trong thời gian lỗi, {you} nhờ khách gửi lại giúp nhé.",
        },
        new()
        {
            Category = "operations-incident", Priority = Priority.Medium, Tags = ["ten-mien", "gia-han"],
            Subject = "Tên miền {domain} sắp hết hạn, cần gia hạn",
            Body = "Mình nhận được email nhắc tên miền {domain} sẽ hết hạn sau 10 ngày. Nhờ bên bạn gia hạn giúp 2 năm và gửi hóa đơn. Lo nhất là website và email bị gián đoạn.",
            Diagnosis = "Chúng tôi đã kiểm tra: tên miền {domain} hết hạn vào cuối tháng này. Chúng tôi sẽ gia hạn 2 năm ngay khi nhận được thanh toán; website và email không bị gián đoạn trong thời gian gia hạn.",
            Note = "Tên miền .vn: nếu thông tin chủ thể thay đổi thì cần bản khai mới có chữ ký và dấu.",
            Question = "Thông tin chủ thể tên miền (tên công ty, địa chỉ, mã số thuế) có thay đổi gì không ạ? Với tên miền .vn, nếu thay đổi cần bản khai mới có chữ ký và dấu.",
            Answer = "Công ty vừa chuyển địa chỉ trụ sở, mình gửi kèm bản khai mới có đóng dấu.",
            Hold = "Chờ nhà đăng ký tên miền duyệt bản khai thay đổi thông tin chủ thể.",
            Resolution = "Tên miền {domain} đã được gia hạn thêm 2 năm, thông tin chủ thể đã cập nhật theo địa chỉ mới. Hóa đơn đã gửi vào email kế toán. Chúng tôi cũng bật nhắc gia hạn trước 30 ngày cho {you}.",
        },
        new()
        {
            Category = "operations-incident", Priority = Priority.High, Tags = ["ssl", "website"],
            Subject = "Website báo \"Kết nối không an toàn\", chứng chỉ SSL hết hạn",
            Body = "Sáng nay vào {domain} thì Chrome báo \"Kết nối của bạn không phải là kết nối riêng tư\" (NET::ERR_CERT_DATE_INVALID). Khách hàng không dám vào website, nhờ xử lý sớm.",
            Diagnosis = "Chứng chỉ SSL của {domain} hết hạn lúc 07:00 sáng nay do gia hạn tự động bị lỗi xác thực tên miền. Chúng tôi đang cấp lại chứng chỉ, dự kiến xong trong 30 phút.",
            Note = "Xác thực HTTP-01 của Let's Encrypt thất bại vì Cloudflare của khách chặn /.well-known. Chuyển sang xác thực DNS-01.",
            Question = "Tên miền của {you} có đang dùng Cloudflare hay dịch vụ tường lửa nào không ạ?",
            Answer = "Có, bên mình dùng Cloudflare bản miễn phí, do bạn IT cũ cài.",
            Hold = "Chờ khách thêm bản ghi TXT xác thực trên Cloudflare (khách tự quản lý tài khoản).",
            Resolution = "Chứng chỉ SSL mới đã được cấp, hiệu lực 90 ngày và tự gia hạn bằng xác thực DNS, không còn bị Cloudflare chặn. Website đã hiện ổ khóa an toàn trên mọi trình duyệt.",
        },
        new()
        {
            Category = "operations-incident", Priority = Priority.High, Tags = ["hosting", "cham", "bao-mat"],
            Subject = "Hosting chạy rất chậm từ sáng nay",
            Body = "Từ sáng nay website tải rất chậm, có trang mất hơn 20 giây, trang quản trị gần như không dùng được. Bên mình không thay đổi gì trên website cả.",
            Diagnosis = "Chúng tôi ghi nhận máy chủ của {you} đang nhận lượng lớn truy cập bất thường từ các bot quét website (khoảng 40 yêu cầu mỗi giây), làm cạn tài nguyên hosting. Chúng tôi đang chặn các nguồn này.",
            Note = "Access log: bot từ dải IP nước ngoài quét /wp-login.php và /?s= liên tục, CPU 100% từ 06:10. Bật giới hạn tần suất và chặn dải IP.",
            Question = "Website của {you} có khách hàng ở nước ngoài không ạ? Nếu không, chúng tôi có thể chặn truy cập trang quản trị từ ngoài Việt Nam để an toàn hơn.",
            Answer = "Khách chủ yếu ở Việt Nam, bạn cứ chặn trang quản trị từ nước ngoài nhé.",
            Hold = "Chờ trung tâm dữ liệu xử lý tấn công ở tầng mạng.",
            Resolution = "Chúng tôi đã chặn các nguồn bot, giới hạn số lần vào trang đăng nhập và chỉ cho phép vào trang quản trị từ Việt Nam. Thời gian tải trang đã về mức 1,2 giây; chúng tôi tiếp tục theo dõi trong 48 giờ.",
        },
        new()
        {
            Category = "operations-incident", Priority = Priority.Medium, Tags = ["email", "spam", "dns"],
            Subject = "Email gửi cho khách hàng toàn vào thư mục Spam",
            Body = "Gần đây nhiều khách báo email báo giá của bên mình rơi vào thư mục Spam của Gmail. Bên mình gửi từ hộp thư sales@{domain}.",
            Diagnosis = "Chúng tôi đã kiểm tra tên miền {domain}: bản ghi SPF thiếu máy chủ gửi thư mới, chưa có DKIM và DMARC, nên Gmail đánh giá thư kém tin cậy. Chúng tôi sẽ bổ sung các bản ghi này.",
            Note = "Điểm kiểm tra thư: 4,5/10. SPF thiếu include, thư chưa ký DKIM.",
            Question = "Ngoài hộp thư công ty, bên {you} có gửi email hàng loạt qua dịch vụ nào khác (ví dụ phần mềm email marketing) không ạ?",
            Answer = "Có, phòng marketing gửi bản tin qua một dịch vụ email marketing mỗi tuần.",
            Hold = "Theo dõi báo cáo DMARC 7 ngày trước khi chuyển chính sách sang quarantine.",
            Resolution = "Chúng tôi đã cấu hình SPF (gồm cả dịch vụ email marketing), bật ký DKIM và thêm DMARC cho {domain}. Điểm kiểm tra tăng từ 4,5 lên 9,8/10 và thư gửi thử tới Gmail đã vào Hộp thư đến.",
        },
        new()
        {
            Category = "operations-incident", Priority = Priority.Urgent, Tags = ["ten-mien", "dns", "website"],
            Subject = "Website không truy cập được sau khi trỏ tên miền",
            Body = "Hôm qua bên mình trỏ tên miền {domain} sang hosting mới theo hướng dẫn, đến giờ vẫn không vào được website, trình duyệt báo \"This site can't be reached\". Toàn bộ đơn hàng online đang dừng.",
            Diagnosis = "Chúng tôi đã kiểm tra: bản ghi A của {domain} đang trỏ sai địa chỉ IP (thiếu một chữ số), nên trình duyệt không tìm thấy máy chủ. Chúng tôi đã gửi {you} địa chỉ IP đúng và đang hỗ trợ sửa.",
            Note = "Bản ghi A trỏ 103.x.x.2 thay vì 103.x.x.21, TTL 1 ngày: cần hạ TTL.",
            Question = "{You} có thể cấp cho chúng tôi quyền quản lý DNS tạm thời để sửa trực tiếp không ạ? Như vậy sẽ nhanh hơn.",
            Answer = "Mình đã thêm tài khoản của bên bạn vào trang quản lý tên miền rồi.",
            Hold = "Chờ DNS cập nhật ở các nhà mạng (TTL cũ 24 giờ).",
            Resolution = "Chúng tôi đã sửa bản ghi A và hạ TTL xuống 5 phút. Website đã truy cập được trên Viettel, VNPT và FPT; một số mạng có thể cần thêm vài giờ để làm mới bộ nhớ đệm DNS.",
        },
        new()
        {
            Category = "operations-incident", Priority = Priority.High, Tags = ["email", "dung-luong"],
            Subject = "Hộp thư giám đốc bị đầy, không nhận được email",
            Body = "Hộp thư giamdoc@{domain} báo đầy dung lượng, người khác gửi đến bị trả về. Giám đốc đang chờ hợp đồng quan trọng qua email, nhờ hỗ trợ gấp.",
            Diagnosis = "Hộp thư giamdoc@{domain} đã dùng hết 5 GB. Chúng tôi đã tạm nâng lên 10 GB để nhận thư ngay, và sẽ hướng dẫn lưu trữ thư cũ để không bị đầy lại.",
            Note = "Tạm nâng dung lượng miễn phí 7 ngày. Nếu khách muốn giữ 10 GB thì chuyển Kinh doanh báo giá.",
            Question = "{You} muốn giữ hộp thư 10 GB lâu dài (có phí) hay để chúng tôi hướng dẫn lưu trữ thư cũ về máy tính ạ?",
            Answer = "Bạn hướng dẫn lưu trữ thư cũ giúp mình, tạm thời chưa nâng cấp.",
            Hold = "Chờ khách hẹn giờ để kỹ thuật viên hỗ trợ lưu trữ thư qua điều khiển từ xa.",
            Resolution = "Chúng tôi đã lưu trữ thư của các năm trước về máy tính của giám đốc và bật tự động lưu trữ. Hộp thư hiện dùng 1,8/5 GB, đã gửi nhận bình thường.",
        },

        // ---- Khiếu nại (complaint) ----
        new()
        {
            Category = "complaint", Priority = Priority.High, Tags = ["khieu-nai", "sla"],
            Subject = "Khiếu nại: sự cố website được phản hồi quá chậm",
            Body = "Tuần trước website bên mình bị lỗi, mình gửi yêu cầu từ 9 giờ sáng mà đến 3 giờ chiều mới có người trả lời, trong khi chính sách cam kết phản hồi sự cố khẩn cấp trong 1 giờ. Mình rất không hài lòng và muốn biết bên bạn xử lý việc này thế nào.",
            Diagnosis = "Chúng tôi thành thật xin lỗi {you} và {org}. Yêu cầu của {you} đã bị xếp nhầm mức ưu tiên \"Thấp\" nên không được chuyển ngay cho kỹ thuật viên trực. Trưởng bộ phận hỗ trợ trực tiếp xử lý khiếu nại này và sẽ phản hồi {you} trong hôm nay.",
            Note = "Xác nhận vi phạm cam kết phản hồi đầu tiên (5 giờ 40 phút so với 1 giờ). Đề xuất bồi hoàn 1 tháng phí hỗ trợ, chờ quản lý duyệt.",
            Question = "Để khắc phục, chúng tôi đề xuất tặng {org} 1 tháng phí dịch vụ hỗ trợ. {You} có đồng ý với phương án này không ạ?",
            Answer = "Mình đồng ý, nhưng mong bên bạn cải thiện quy trình để không lặp lại.",
            Hold = "Chờ quản lý duyệt phương án bồi hoàn.",
            Resolution = "Chúng tôi đã cộng 1 tháng phí hỗ trợ vào hợp đồng của {org} và điều chỉnh quy trình: yêu cầu báo website không truy cập được sẽ tự động xếp mức Khẩn cấp và báo ngay kỹ thuật viên trực. Cảm ơn {you} đã góp ý thẳng thắn.",
        },
        new()
        {
            Category = "complaint", Priority = Priority.High, Tags = ["khieu-nai", "bao-gia"],
            Subject = "Khiếu nại: bị báo giá cho lỗi lẽ ra được bảo hành",
            Body = "Bên mình nhận được báo giá 1.500.000 đ cho việc sửa lỗi gửi form, nhưng lỗi này do bản cập nhật của bên bạn gây ra. Theo chính sách, lỗi do nhà cung cấp gây ra phải được bảo hành miễn phí.",
            Diagnosis = "Cảm ơn {you} đã phản hồi. Chúng tôi đã đối chiếu lịch sử: lỗi gửi form đúng là phát sinh sau bản cập nhật do chúng tôi thực hiện. Báo giá đã bị lập nhầm và chúng tôi đang hủy.",
            Note = "Kỹ thuật viên lập báo giá vì ước lượng trên 60 phút nhưng không kiểm tra nguồn gốc lỗi. Nhắc lại quy trình: lỗi do mình gây ra thì bảo hành.",
            Question = "{You} xác nhận giúp đã nhận được thông báo hủy báo giá chưa ạ?",
            Answer = "Mình đã nhận được thông báo hủy báo giá.",
            Hold = "Chờ bộ phận kế toán hủy hóa đơn đã lỡ phát hành.",
            Resolution = "Chúng tôi đã hủy báo giá và hóa đơn liên quan; lỗi form đã được sửa miễn phí theo chính sách bảo hành. Chúng tôi xin lỗi vì sự nhầm lẫn và đã thêm bước kiểm tra nguồn gốc lỗi trước khi lập báo giá.",
        },
        new()
        {
            Category = "complaint", Priority = Priority.Medium, Tags = ["khieu-nai", "goi-lai"],
            Subject = "Nhân viên hẹn gọi lại nhưng không thấy liên hệ",
            Body = "Thứ hai mình gọi tổng đài hỏi về việc chuyển hosting, bạn nhân viên hẹn chiều gọi lại nhưng đến nay vẫn chưa thấy ai liên hệ. Mình đã phải gọi lại 2 lần.",
            Diagnosis = "Chúng tôi rất xin lỗi vì đã để {you} chờ. Cuộc gọi hôm thứ hai chưa được ghi nhận thành yêu cầu hỗ trợ nên bị bỏ sót. Chuyên viên kinh doanh phụ trách sẽ gọi lại cho {you} trong sáng nay.",
            Note = "Tổng đài viên ghi chú ra giấy, không tạo yêu cầu. Đã nhắc: mọi cuộc gọi phải ghi nhận vào hệ thống.",
            Question = "{You} thuận tiện nghe máy vào khung giờ nào để chúng tôi gọi lại ạ?",
            Answer = "Mình rảnh sau 2 giờ chiều nay.",
            Hold = "Chờ chuyên viên phụ trách chuyển hosting đi công tác về.",
            Resolution = "Chuyên viên của chúng tôi đã gọi và tư vấn {you} việc chuyển hosting, kèm kế hoạch chuyển trong đêm không gián đoạn. Từ nay mọi cuộc gọi đến đều được ghi nhận thành yêu cầu có mã số để {you} theo dõi.",
        },
        new()
        {
            Category = "complaint", Priority = Priority.Urgent, Tags = ["khieu-nai", "downtime"],
            Subject = "Website ngừng hoạt động 2 lần trong một tuần",
            Body = "Trong tuần này website bên mình bị sập 2 lần, mỗi lần gần 1 tiếng. Bên mình trả phí gói cao nhất nhưng chất lượng như vậy là không chấp nhận được. Yêu cầu báo cáo nguyên nhân và cam kết khắc phục.",
            Diagnosis = "Chúng tôi xin lỗi về hai sự cố vừa qua. Nguyên nhân là ổ cứng hỏng trên máy chủ vật lý; hệ thống đã tự chuyển sang máy dự phòng nhưng chậm hơn cam kết. Chúng tôi sẽ gửi báo cáo sự cố chi tiết trong 24 giờ.",
            Note = "Hai lần gián đoạn: 47 phút và 52 phút. Thời gian hoạt động tháng 99,78% < cam kết 99,9%: khách được bồi hoàn theo hợp đồng.",
            Question = "Theo hợp đồng, {org} được bồi hoàn 10% phí tháng này do thời gian hoạt động dưới mức cam kết. {You} muốn trừ vào kỳ thanh toán tới hay nhận hoàn tiền ạ?",
            Answer = "Trừ vào kỳ thanh toán tới giúp mình.",
            Hold = "Chờ trung tâm dữ liệu gửi biên bản thay thế phần cứng.",
            Resolution = "Chúng tôi đã gửi báo cáo sự cố, thay ổ cứng hỏng và chuyển website của {org} sang cụm máy chủ mới có dự phòng kép. Khoản bồi hoàn 10% sẽ được trừ vào hóa đơn kỳ tới.",
        },

        // ---- Yêu cầu đào tạo (training request) ----
        new()
        {
            Category = "training-request", Priority = Priority.Low, Tags = ["dao-tao", "mien-phi"],
            Subject = "Đào tạo lại trang quản trị cho nhân viên mới",
            Body = "Bạn phụ trách website của bên mình đã nghỉ việc, bạn mới vào chưa biết cách đăng sản phẩm và quản lý đơn hàng. Theo chính sách thì bên mình được đào tạo lại miễn phí đúng không? Mong sắp xếp buổi hướng dẫn trong tuần.",
            Diagnosis = "Đúng ạ, khi nhân sự quản trị của {you} thay đổi, chúng tôi đào tạo lại miễn phí. Buổi đào tạo khoảng 2 giờ qua Google Meet, gồm: đăng và sửa sản phẩm, quản lý đơn hàng, cập nhật banner và tin tức.",
            Note = "Đào tạo lại miễn phí theo chính sách. Xếp lịch với anh Nam, ưu tiên buổi chiều.",
            Question = "{You} cho chúng tôi biết 2-3 khung giờ thuận tiện trong tuần và số người tham gia nhé?",
            Answer = "Chiều thứ năm từ 14 giờ là tiện nhất, có 2 người tham gia.",
            Hold = "Chờ khách xác nhận lại lịch do nhân viên mới đang nghỉ phép.",
            Resolution = "Buổi đào tạo đã hoàn thành với 2 nhân viên của {org}. Chúng tôi đã gửi video ghi lại buổi học và tài liệu hướng dẫn; các bạn xem lại trong Thư viện tài liệu bất cứ lúc nào.",
        },
        new()
        {
            Category = "training-request", Priority = Priority.Low, Tags = ["dao-tao", "seo", "co-phi"],
            Subject = "Đăng ký khóa đào tạo nâng cao về SEO",
            Body = "Phòng marketing bên mình muốn học cách tối ưu SEO cho website: viết bài chuẩn SEO, chọn từ khóa, đọc báo cáo Google Search Console. Bên bạn có khóa đào tạo nào không, chi phí thế nào?",
            Diagnosis = "Chúng tôi có khóa \"SEO thực hành cho doanh nghiệp\" gồm 3 buổi (6 giờ), học trực tuyến hoặc tại văn phòng {org}. Đây là khóa đào tạo nâng cao nên có tính phí; chúng tôi gửi kèm đề cương.",
            Note = "Đào tạo nâng cao là dịch vụ có phí: 4.500.000 đ cho 3 buổi, tối đa 5 học viên.",
            Question = "Chúng tôi gửi báo giá khóa học: 4.500.000 đ (chưa gồm VAT) cho tối đa 5 học viên. {You} xác nhận để chúng tôi xếp lịch nhé?",
            Answer = "Bên mình đồng ý báo giá, mong học vào các buổi sáng thứ bảy.",
            Hold = "Chờ giảng viên SEO xác nhận lịch dạy các sáng thứ bảy.",
            Resolution = "Khóa đào tạo SEO đã hoàn thành 3 buổi. Học viên của {org} đã nhận tài liệu, bài tập và video buổi học. Sau 1 tháng chúng tôi sẽ kiểm tra lại thứ hạng từ khóa và gửi nhận xét.",
        },
        new()
        {
            Category = "training-request", Priority = Priority.Medium, Tags = ["dao-tao", "excel"],
            Subject = "Hướng dẫn bộ phận kho cập nhật tồn kho bằng Excel",
            Body = "Bộ phận kho bên mình cần được hướng dẫn cách cập nhật tồn kho và giá bán hàng loạt bằng file Excel thay vì sửa từng sản phẩm.",
            Diagnosis = "Chúng tôi sẽ hướng dẫn bộ phận kho của {you} dùng tính năng Nhập/Xuất Excel: tải file mẫu, cập nhật cột tồn kho và giá rồi nhập lại. Buổi hướng dẫn khoảng 45 phút qua điều khiển từ xa.",
            Note = "Khách có hơn 2.000 sản phẩm, lưu ý giới hạn 500 dòng mỗi lần nhập.",
            Question = "{You} gửi giúp file Excel mà kho đang dùng để chúng tôi chuẩn bị hướng dẫn sát thực tế nhé?",
            Answer = "Mình gửi kèm file tồn kho tuần này.",
            Hold = "Chờ khách sắp xếp lịch cho bộ phận kho (đang kiểm kê cuối tháng).",
            Resolution = "Buổi hướng dẫn đã xong. Chúng tôi đã tạo sẵn file mẫu khớp với định dạng kho của {org}; lưu ý mỗi lần nhập tối đa 500 dòng. Tài liệu hướng dẫn có trong Thư viện tài liệu.",
        },

        // ---- Yêu cầu bảo hành (warranty claim): {fault} is the problem fixed before ----
        new()
        {
            Category = "warranty-claim", Priority = Priority.High, Tags = ["bao-hanh"],
            Fault = "Form liên hệ không gửi được",
            Subject = "Bảo hành: lỗi “{fault}” lại xuất hiện",
            Body = "Lỗi “{fault}” đã được bên bạn xử lý {ref}, nhưng từ hôm qua lại bị y như cũ. Nhờ kiểm tra theo chế độ bảo hành.",
            Diagnosis = "Chúng tôi đã tiếp nhận yêu cầu bảo hành và xem lại lịch sử xử lý lần trước. Lỗi lần này có cùng biểu hiện; kỹ thuật viên đã xử lý lần trước đang kiểm tra lại. Yêu cầu bảo hành được xử lý miễn phí.",
            Note = "Bản sửa lần trước bị ghi đè khi khách cập nhật giao diện và tiện ích. Cần đưa bản sửa vào giao diện con (child theme).",
            Question = "Gần đây bên {you} có cập nhật giao diện hay tiện ích nào không ạ?",
            Answer = "Có, tuần trước mình bấm cập nhật tất cả tiện ích và giao diện theo thông báo.",
            Hold = "Chờ đội phát triển đóng gói bản sửa vào giao diện con.",
            Resolution = "Nguyên nhân là bản cập nhật giao diện đã ghi đè phần sửa lần trước. Chúng tôi đã sửa lại và đưa vào giao diện con để các lần cập nhật sau không ảnh hưởng. Yêu cầu được bảo hành miễn phí.",
        },
        new()
        {
            Category = "warranty-claim", Priority = Priority.High, Tags = ["bao-hanh"],
            Fault = "Trang thanh toán bị trắng khi chọn chuyển khoản ngân hàng",
            Subject = "Yêu cầu bảo hành: {fault}",
            Body = "Sự cố “{fault}” mà bên bạn đã khắc phục {ref} nay tái diễn, ảnh hưởng đến khách hàng của bên mình. Theo chính sách bảo hành không thời hạn, nhờ bên bạn xử lý giúp.",
            Diagnosis = "Chúng tôi đã tiếp nhận yêu cầu bảo hành. Kỹ thuật viên đang đối chiếu với cách xử lý lần trước để tìm nguyên nhân tái diễn. Yêu cầu được xử lý miễn phí theo chế độ bảo hành.",
            Note = "Lần trước chỉ xử lý tạm (đổi cấu hình), chưa sửa tận gốc. Lần này sửa triệt để và thêm cảnh báo tự động.",
            Question = "{You} cho chúng tôi biết lỗi xuất hiện lại từ lúc nào và trước đó bên {you} có thay đổi gì trên website không ạ?",
            Answer = "Từ chiều hôm qua. Trước đó bên mình có nhờ người ngoài cài thêm tiện ích chat.",
            Hold = "Chờ đội phát triển phát hành bản sửa tận gốc.",
            Resolution = "Chúng tôi đã sửa tận gốc nguyên nhân và thêm cảnh báo tự động để phát hiện sớm nếu lỗi lặp lại. Website đã hoạt động bình thường. Yêu cầu được bảo hành miễn phí.",
        },
        new()
        {
            Category = "warranty-claim", Priority = Priority.High, Tags = ["bao-hanh"],
            Fault = "Menu trên điện thoại bị banner che mất",
            Subject = "Bảo hành: {fault}",
            Body = "Lỗi “{fault}” giống hệt lần bên bạn đã xử lý {ref}, xuất hiện lại từ sáng nay. Nhờ các bạn kiểm tra theo chế độ bảo hành.",
            Diagnosis = "Cảm ơn {you} đã báo. Yêu cầu được xử lý theo chế độ bảo hành không thời hạn cho sự cố chúng tôi đã khắc phục. Kỹ thuật viên đang kiểm tra lại trên máy tính và điện thoại.",
            Note = "Lỗi tái diễn sau khi khách thêm nội dung mới; bản sửa lần trước chưa bao quát hết các trường hợp.",
            Question = "{You} mô tả giúp các bước để tái hiện lỗi, hoặc gửi ảnh chụp màn hình nhé?",
            Answer = "Mình gửi kèm ảnh chụp màn hình và các bước thao tác.",
            Hold = "Chờ đội phát triển bổ sung bản sửa cho các trường hợp còn thiếu.",
            Resolution = "Chúng tôi đã sửa bổ sung cho các trường hợp bản sửa lần trước chưa bao quát và kiểm tra lại trên máy tính lẫn điện thoại; lỗi không còn xuất hiện. Yêu cầu được bảo hành miễn phí.",
        },

        // ---- Yêu cầu dịch vụ có phí (paid-work request) ----
        new()
        {
            Category = "paid-work-request", Priority = Priority.Medium, Tags = ["bao-gia", "tinh-nang-moi"],
            Subject = "Báo giá làm thêm chức năng đặt lịch hẹn trực tuyến",
            Body = "Bên mình muốn thêm chức năng cho khách đặt lịch hẹn trên website: chọn dịch vụ, chọn ngày giờ, nhận xác nhận qua email và SMS. Nhờ bên bạn phân tích và báo giá.",
            Diagnosis = "Cảm ơn {you} đã tin tưởng. Yêu cầu này vượt ngưỡng hỗ trợ miễn phí (ước tính hơn 60 phút làm việc) nên được thực hiện theo quy trình có phí: phân tích, đề xuất và báo giá. Chuyên viên sẽ gửi đề xuất trong 2 ngày làm việc.",
            Note = "Ước tính 5 ngày công: giao diện đặt lịch, quản lý lịch, gửi email/SMS. SMS qua nhà cung cấp khách đang dùng.",
            Question = "Chúng tôi gửi kèm báo giá: 12.500.000 đ (chưa gồm VAT 10%), thực hiện trong 10 ngày làm việc, báo giá có hiệu lực 30 ngày. {You} xem và xác nhận đồng ý trong Cổng khách hàng giúp chúng tôi nhé.",
            Answer = "Bên mình đồng ý báo giá, nhờ bắt đầu sớm giúp.",
            Hold = "Chờ khách cung cấp tài khoản nhà cung cấp SMS để tích hợp.",
            Resolution = "Chức năng đặt lịch hẹn đã hoàn thành và được đưa lên website của {org}. Chúng tôi đã gửi biên bản nghiệm thu, hướng dẫn sử dụng và hóa đơn. Chức năng được bảo hành không thời hạn.",
        },
        new()
        {
            Category = "paid-work-request", Priority = Priority.Medium, Tags = ["bao-gia", "zalo", "tich-hop"],
            Subject = "Báo giá tích hợp Zalo OA vào website",
            Body = "Bên mình muốn khách nhắn tin Zalo OA ngay trên website và nhận thông báo đơn hàng qua Zalo. Bên bạn làm được không, chi phí bao nhiêu?",
            Diagnosis = "Chúng tôi làm được ạ. Công việc gồm gắn nút chat Zalo OA và gửi thông báo trạng thái đơn hàng qua Zalo ZNS. Đây là dịch vụ có phí; chúng tôi đang lập đề xuất chi tiết.",
            Note = "Mẫu tin ZNS cần Zalo duyệt (3-5 ngày). Báo giá 6.800.000 đ, chưa gồm phí gửi tin ZNS.",
            Question = "Báo giá tích hợp Zalo OA: 6.800.000 đ (chưa VAT), chưa gồm phí gửi tin ZNS do Zalo thu theo từng tin; thực hiện 7 ngày làm việc sau khi mẫu tin được duyệt. {You} xác nhận giúp chúng tôi nhé.",
            Answer = "Đồng ý báo giá. Mình đã cấp quyền quản trị Zalo OA cho bên bạn.",
            Hold = "Chờ Zalo duyệt mẫu tin ZNS thông báo đơn hàng.",
            Resolution = "Tích hợp Zalo OA đã hoàn thành: nút chat trên website và tin ZNS báo trạng thái đơn hàng đang hoạt động. Biên bản nghiệm thu và hóa đơn đã gửi vào email của {you}.",
        },
        new()
        {
            Category = "paid-work-request", Priority = Priority.High, Tags = ["bao-gia", "thiet-ke", "tet"],
            Subject = "Thiết kế lại giao diện trang chủ dịp Tết",
            Body = "Sắp Tết, bên mình muốn làm mới trang chủ: banner Tết, tông đỏ vàng, hiệu ứng hoa mai và một trang khuyến mãi riêng. Nhờ báo giá và thời gian, cần xong trước 20 tháng Chạp.",
            Diagnosis = "Chúng tôi đã nhận yêu cầu. Đội thiết kế sẽ gửi 2 phương án phác thảo trong 3 ngày làm việc kèm báo giá; để kịp mốc trước 20 tháng Chạp, chúng tôi cần chốt phương án trong tuần này.",
            Note = "Mùa Tết nhiều đơn thiết kế, cần giữ lịch với đội thiết kế ngay.",
            Question = "Chúng tôi gửi 2 phương án phác thảo và báo giá 8.000.000 đ (chưa VAT) gồm trang chủ Tết và trang khuyến mãi. {You} chọn phương án và xác nhận báo giá giúp nhé.",
            Answer = "Bên mình chọn phương án 2, đồng ý báo giá.",
            Hold = "Chờ khách gửi hình ảnh sản phẩm và nội dung khuyến mãi Tết.",
            Resolution = "Giao diện Tết đã được đưa lên website của {org}, kèm lịch tự động trở về giao diện thường sau rằm tháng Giêng. Chúc {org} một mùa Tết bán hàng thành công!",
        },
        new()
        {
            Category = "paid-work-request", Priority = Priority.Medium, Tags = ["bao-gia", "tich-hop", "ke-toan"],
            Subject = "Báo giá đồng bộ đơn hàng với phần mềm kế toán",
            Body = "Hiện kế toán phải nhập tay đơn hàng từ website sang phần mềm kế toán. Bên mình muốn đồng bộ tự động đơn hàng và hóa đơn, nhờ bên bạn khảo sát và báo giá.",
            Diagnosis = "Việc đồng bộ tự động cần khảo sát phần mềm kế toán {you} đang dùng và quy trình xuất hóa đơn. Đây là công việc có phí; chuyên viên sẽ liên hệ khảo sát trước khi báo giá.",
            Note = "Phần mềm kế toán của khách có API, ước tính 8 ngày công.",
            Question = "Sau khảo sát, chúng tôi gửi báo giá đồng bộ đơn hàng và hóa đơn: 18.000.000 đ (chưa VAT), thực hiện trong 15 ngày làm việc. {You} xem và xác nhận giúp nhé.",
            Answer = "Ban giám đốc đã duyệt báo giá, bên mình đồng ý.",
            Hold = "Chờ nhà cung cấp phần mềm kế toán cấp khóa API cho khách.",
            Resolution = "Đồng bộ đơn hàng và hóa đơn đã chạy ổn định sau 1 tuần thử nghiệm. Chúng tôi đã bàn giao tài liệu vận hành và hướng dẫn kế toán xử lý các đơn đồng bộ lỗi.",
        },
        new()
        {
            Category = "paid-work-request", Priority = Priority.Low, Tags = ["bao-gia", "bao-cao"],
            Subject = "Viết thêm báo cáo doanh thu theo chi nhánh",
            Body = "Công ty mình có 3 chi nhánh, muốn có báo cáo doanh thu theo từng chi nhánh và theo tháng trong trang quản trị, xuất được Excel. Nhờ báo giá.",
            Diagnosis = "Chúng tôi đã nhận yêu cầu và đang phân tích dữ liệu đơn hàng hiện có để gắn đơn với chi nhánh. Đề xuất và báo giá sẽ gửi {you} trong 2 ngày làm việc.",
            Note = "Đơn hàng chưa có trường chi nhánh, cần thêm trường và cập nhật dữ liệu cũ theo kho xuất hàng.",
            Question = "Báo giá báo cáo doanh thu theo chi nhánh: 5.500.000 đ (chưa VAT), thực hiện 5 ngày làm việc. {You} xác nhận giúp chúng tôi nhé.",
            Answer = "Ok, bên mình đồng ý. Nhờ gán luôn các đơn cũ theo chi nhánh.",
            Hold = "Chờ khách gửi danh sách kho tương ứng với từng chi nhánh.",
            Resolution = "Báo cáo doanh thu theo chi nhánh đã có trong Quản trị → Báo cáo, lọc theo tháng và xuất được Excel. Các đơn cũ đã được gán chi nhánh theo kho xuất hàng.",
        },

        // ---- Tư vấn bán hàng (sales enquiry) ----
        new()
        {
            Category = "sales-enquiry", Priority = Priority.Medium, Tags = ["tu-van", "hosting"],
            Subject = "Tư vấn gói hosting cho website bán hàng",
            Body = "Bên mình chuẩn bị mở website bán hàng khoảng 500 sản phẩm, dự kiến 1.000 khách mỗi ngày. Nhờ tư vấn gói hosting phù hợp và chi phí.",
            Diagnosis = "Với khoảng 500 sản phẩm và 1.000 lượt khách mỗi ngày, chúng tôi đề xuất gói Business Hosting: 4 CPU, 8 GB RAM, 40 GB SSD, sao lưu hằng ngày, chứng chỉ SSL miễn phí. Chúng tôi gửi kèm báo giá và bảng so sánh các gói.",
            Note = "Khách có tiềm năng mua thêm thiết kế website, gợi ý gói trọn gói.",
            Question = "{You} đã có website chưa hay cần chúng tôi thiết kế luôn ạ? Chúng tôi có ưu đãi khi đăng ký kèm thiết kế.",
            Answer = "Bên mình chưa có website, bạn gửi thêm báo giá trọn gói giúp mình.",
            Hold = "Chờ bộ phận thiết kế gửi mẫu giao diện phù hợp ngành hàng của khách.",
            Resolution = "Chúng tôi đã gửi báo giá trọn gói thiết kế website và hosting 12 tháng, kèm ưu đãi miễn phí tên miền năm đầu. Chuyên viên kinh doanh sẽ đồng hành cùng {you} trong quá trình triển khai.",
        },
        new()
        {
            Category = "sales-enquiry", Priority = Priority.Medium, Tags = ["tu-van", "nang-cap"],
            Subject = "Muốn nâng cấp lên gói hỗ trợ trả phí",
            Body = "Bên mình đang dùng gói miễn phí, muốn nâng cấp để được hỗ trợ 24/7 và có hợp đồng hỗ trợ. Thủ tục thế nào?",
            Diagnosis = "Cảm ơn {you} đã quan tâm. Khi lên gói trả phí, {org} được hỗ trợ kỹ thuật 24/7, cam kết thời gian phản hồi theo mức ưu tiên, ngưỡng hỗ trợ miễn phí 60 phút mỗi yêu cầu và hợp đồng hỗ trợ chính thức. Chúng tôi gửi kèm bảng giá.",
            Note = "Khách chuyển từ miễn phí sang trả phí. Ký trong tháng thì áp mã giảm 10% năm đầu.",
            Question = "Chúng tôi gửi dự thảo hợp đồng hỗ trợ 12 tháng và báo giá (giảm 10% năm đầu nếu ký trong tháng). {You} xem và phản hồi giúp chúng tôi nhé.",
            Answer = "Bên mình đồng ý, bạn gửi hợp đồng bản cứng để giám đốc ký.",
            Hold = "Chờ bản hợp đồng có chữ ký của khách gửi về qua bưu điện.",
            Resolution = "Hợp đồng đã được ký và {org} đã chuyển sang gói trả phí. Từ hôm nay các yêu cầu của {you} được hỗ trợ 24/7 theo cam kết thời gian phản hồi trong hợp đồng.",
        },
        new()
        {
            Category = "sales-enquiry", Priority = Priority.Low, Tags = ["tu-van", "email"],
            Subject = "Hỏi giá dịch vụ email doanh nghiệp cho 30 người",
            Body = "Công ty mình có 30 nhân viên, đang dùng email miễn phí, muốn chuyển sang email theo tên miền công ty. Bên bạn có gói nào phù hợp, có chuyển được email cũ không?",
            Diagnosis = "Với 30 người dùng, chúng tôi đề xuất gói Email Doanh nghiệp 30 hộp thư, mỗi hộp 10 GB, có chống spam, chống virus và sao lưu. Chúng tôi hỗ trợ chuyển toàn bộ email cũ miễn phí. Báo giá chi tiết gửi kèm.",
            Note = "Chuyển dữ liệu từ hộp thư cá nhân: khách cần tạo mật khẩu ứng dụng cho từng tài khoản.",
            Question = "{You} dự kiến chuyển đổi vào lúc nào để chúng tôi lên kế hoạch chuyển dữ liệu ngoài giờ làm việc ạ?",
            Answer = "Cuối tuần này được không bạn? Bên mình nghỉ thứ bảy, chủ nhật.",
            Hold = "Chờ khách thu thập mật khẩu ứng dụng của từng nhân viên.",
            Resolution = "Chúng tôi đã tạo 30 hộp thư và chuyển xong email cũ trong cuối tuần. Hướng dẫn cài email trên máy tính và điện thoại đã gửi cho từng nhân viên của {org}.",
        },
        new()
        {
            Category = "sales-enquiry", Priority = Priority.Medium, Tags = ["tu-van", "da-ngon-ngu"],
            Subject = "Tư vấn làm thêm phiên bản tiếng Anh cho website",
            Body = "Bên mình bắt đầu có khách nước ngoài, muốn làm thêm phiên bản tiếng Anh cho website. Chi phí và thời gian khoảng bao nhiêu? Bên bạn có nhận dịch nội dung không?",
            Diagnosis = "Chúng tôi có thể thêm phiên bản tiếng Anh với nút chuyển ngôn ngữ trên website; phần nội dung có thể do {org} cung cấp hoặc chúng tôi dịch theo số trang. Chúng tôi sẽ gửi báo giá khi biết số trang cần dịch.",
            Note = "Website khoảng 40 trang và 300 sản phẩm. Gợi ý dịch các trang chính trước, sản phẩm dịch dần.",
            Question = "{You} muốn dịch toàn bộ website hay chỉ các trang chính (giới thiệu, dịch vụ, liên hệ) trước ạ?",
            Answer = "Trước mắt dịch các trang chính và 50 sản phẩm bán chạy.",
            Hold = "Chờ đối tác dịch thuật báo giá dịch 50 mô tả sản phẩm.",
            Resolution = "Chúng tôi đã gửi báo giá phiên bản tiếng Anh gồm các trang chính và 50 sản phẩm bán chạy. Khi {you} đồng ý báo giá, dự án sẽ chuyển sang bộ phận triển khai.",
        },
    ];
}
