namespace Haumai.Web.Features.Chat;

/// <summary><c>Chat:*</c>: limits that keep a public widget from being abused (C4).</summary>
public sealed class ChatOptions
{
    /// <summary>Longest message, in characters.</summary>
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>Messages a visitor may send per minute in one conversation.</summary>
    public int VisitorMessagesPerMinute { get; set; } = 20;

    /// <summary>Connections one IP address may open per minute, and chats or offline messages it may start per hour.</summary>
    public int ConnectionsPerMinutePerIp { get; set; } = 60;

    public int StartsPerHourPerIp { get; set; } = 10;

    /// <summary>A console that has not been heard of for this long no longer counts as online (a node died with it).</summary>
    public int PresenceTimeoutMinutes { get; set; } = 10;
}
