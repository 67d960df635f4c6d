namespace Haumai.Web.Features.Teams;

/// <summary>How a team hands out new tickets (T7).</summary>
public enum AssignmentMode
{
    Manual = 0,
    RoundRobin = 1,
    LeastLoaded = 2,
}

/// <summary>A group of agents that owns a set of categories, e.g. technical support or sales.</summary>
public sealed class Team
{
    private readonly List<TeamMember> _members = [];

    private Team() { }

    public Team(string slug, string name, AssignmentMode assignment = AssignmentMode.Manual, string calendarSlug = DefaultCalendar)
    {
        Slug = slug.Trim().ToLowerInvariant();
        Name = name.Trim();
        Assignment = assignment;
        CalendarSlug = calendarSlug;
    }

    /// <summary>Technical support works around the clock unless told otherwise.</summary>
    public const string DefaultCalendar = "24x7";

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public AssignmentMode Assignment { get; private set; }

    /// <summary>
    /// The business calendar (slug) the team works by: its members' working hours, so that a
    /// notification for an agent off duty waits for the next working hour.
    /// </summary>
    public string CalendarSlug { get; private set; } = DefaultCalendar;

    /// <summary>The agent who got the last round-robin ticket; the next one goes to the one after.</summary>
    public int? LastAssignedUserId { get; private set; }
    public IReadOnlyList<TeamMember> Members => _members;

    public void SetAssignment(AssignmentMode mode) => Assignment = mode;

    public void WorkBy(string calendarSlug) => CalendarSlug = calendarSlug;

    public void Rename(string name) => Name = name.Trim();

    public void AddMember(int userId, bool isLead = false)
    {
        var existing = _members.FirstOrDefault(m => m.UserId == userId);
        if (existing is null)
        {
            _members.Add(new TeamMember(Id, userId, isLead));
        }
        else
        {
            existing.IsLead = isLead;
        }
    }

    public void RemoveMember(int userId) => _members.RemoveAll(m => m.UserId == userId);

    internal void RecordRoundRobin(int userId) => LastAssignedUserId = userId;
}

public sealed class TeamMember
{
    private TeamMember() { }

    internal TeamMember(int teamId, int userId, bool isLead)
    {
        TeamId = teamId;
        UserId = userId;
        IsLead = isLead;
    }

    public int TeamId { get; private set; }
    public int UserId { get; private set; }
    public bool IsLead { get; internal set; }
}
