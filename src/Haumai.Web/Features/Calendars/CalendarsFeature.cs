namespace Haumai.Web.Features.Calendars;

public static class CalendarsFeature
{
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddSingleton<ICalendarSource, BuiltInCalendars>();
        return services;
    }
}
