using FluentValidation;

namespace Haumai.Web.Features.Calendars;

public static class CalendarsFeature
{
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        // One instance behind both names: the endpoints that save call Invalidate on the very cache the SLA engine reads.
        services.AddSingleton<StoredCalendars>();
        services.AddSingleton<ICalendarSource>(sp => sp.GetRequiredService<StoredCalendars>());
        services.AddScoped<SaveCalendar.Handler>();
        services.AddScoped<RecordHolidayChange.Handler>();
        services.AddSingleton<IValidator<SaveCalendar.Request>, SaveCalendar.Validator>();
        services.AddSingleton<IValidator<RecordHolidayChange.Request>, RecordHolidayChange.Validator>();
        services.AddSingleton<IValidator<CalendarEndpoints.ClosureRequest>, CalendarEndpoints.ClosureValidator>();
        services.AddSingleton<IValidator<CalendarEndpoints.MakeUpDayRequest>, CalendarEndpoints.MakeUpDayValidator>();
        return services;
    }
}
