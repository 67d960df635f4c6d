using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;

namespace Haumai.Bench;

public static class Micro
{
    /// <summary>
    /// In-process toolchain: BenchmarkDotNet's default builds a fresh project per run, which needs
    /// a full package restore, and the NuGet mirror here is partial. In-process is as precise for
    /// code that does no JIT-tier tricks across runs, which these do not.
    /// </summary>
    public static void Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(Micro).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}

/// <summary>Every queue page after the first decodes one cursor and encodes the next.</summary>
[MemoryDiagnoser]
public class CursorBenchmarks
{
    private readonly ListQueue.Cursor _cursor = new(Priority.Medium, 1_234_567);
    private string _encoded = "";

    [GlobalSetup]
    public void Setup() => _encoded = _cursor.Encode();

    [Benchmark]
    public string Encode() => _cursor.Encode();

    [Benchmark]
    public bool Decode() => ListQueue.Cursor.TryDecode(_encoded, out _);
}

/// <summary>
/// Creating a ticket and taking it through assignment, a reply and solving: each step records an
/// event whose details are serialized to JSON, on every write request.
/// </summary>
[MemoryDiagnoser]
public class TicketLifecycleBenchmarks
{
    private static readonly DateTime Now = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Benchmark]
    public Ticket CreateWithDescription()
    {
        var ticket = new Ticket("Website không truy cập được", 42, 7, Channel.Email, 2, Priority.High, 1, 42, Now);
        ticket.AddDescription(42, "Từ sáng nay khách hàng của chúng tôi báo lỗi 502 khi mở trang chủ.", Now);
        return ticket;
    }

    [Benchmark]
    public Ticket FullLifecycle()
    {
        var ticket = CreateWithDescription();
        ticket.Assign(5, null, Now.AddMinutes(1));
        ticket.AddMessage(5, authorIsStaff: true, "Bên em đã kiểm tra, anh chị thử lại giúp em nhé.", isInternal: false, Now.AddMinutes(30));
        ticket.ChangeStatus(TicketStatus.Pending, 5, Now.AddMinutes(31));
        ticket.AddMessage(42, authorIsStaff: false, "Đã hoạt động bình thường, cảm ơn.", isInternal: false, Now.AddHours(2));
        ticket.ChangeStatus(TicketStatus.Solved, 5, Now.AddHours(3));
        return ticket;
    }
}

/// <summary>What the API writes for a queue page (50 rows) and for one ticket, with the app's JSON options.</summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    /// <summary>As HaumaiApp.AddHaumai configures the HTTP JSON options.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private QueuePage _page = new([], null);
    private TicketResponse _ticket = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var requester = new PersonRef(42, "Trần Văn Minh", "tran.van.minh@congty-abc.vn");
        var org = new OrganizationRef(7, "Công ty TNHH Phần mềm ABC", Plan.Paid);
        _page = new QueuePage([.. Enumerable.Range(0, 50).Select(i => new TicketSummary(
            10001 + i, Ticket.FormatNumber(10001 + i), Vietnamese.Subjects[i % Vietnamese.Subjects.Length], TicketStatus.Open, Priority.High,
            "technical-fault", Channel.Email, requester, org, 5, 1, now, now.AddHours(1)))], "cTEuMi4xMDA1MA");
        var agent = new PersonRef(5, "Lê Thị Hoa", "le.thi.hoa@haumai.vn");
        _ticket = new TicketResponse(10001, "#10001", "Website không truy cập được", TicketStatus.Open, Priority.High, "technical-fault",
            Channel.Email, requester, org, agent, 1, ["hosting", "vip"], now, now.AddHours(2), null, null, 3,
            [.. Enumerable.Range(0, 4).Select(i => new MessageResponse(i + 1, i % 2 == 0 ? requester : agent, Vietnamese.Bodies[i], false, now.AddMinutes(i * 30), []))],
            [.. Enumerable.Range(0, 6).Select(i => new EventResponse(i + 1, "status_changed", 5, """{"from":"new","to":"open"}""", now.AddMinutes(i)))]);
    }

    [Benchmark]
    public byte[] QueuePage50() => JsonSerializer.SerializeToUtf8Bytes(_page, Options);

    [Benchmark]
    public byte[] TicketResponse() => JsonSerializer.SerializeToUtf8Bytes(_ticket, Options);
}
