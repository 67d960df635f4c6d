namespace Haumai.Web.Features.Calendars;

/// <summary>
/// The two astronomical events a lunisolar calendar is built from: the moments of the new moons and
/// the apparent longitude of the sun. Formulas from Jean Meeus, "Astronomical Algorithms" (2nd ed.):
/// chapter 49 (true new moon, with all periodic and planetary terms, good to a few seconds),
/// chapter 25 with the truncated VSOP87 series of appendix III (sun, good to about 1"), chapter 22
/// (nutation) and the Espenak–Meeus polynomials for ΔT.
/// </summary>
/// <remarks>
/// The calendar only asks on which local day a new moon falls and in which 30° sector the sun is at
/// a local midnight, so what matters is how close an event can come to midnight without landing on
/// the wrong day. The short series popularised for the Vietnamese calendar (Hồ Ngọc Đức's) is good to
/// a few minutes; these are good to seconds, which leaves only ΔT (unknowable in advance, a minute or
/// so by 2100) as the real limit.
/// </remarks>
internal static class LunarAstronomy
{
    /// <summary>Mean length of a lunation in days (Meeus 49.1).</summary>
    public const double SynodicMonth = 29.530588861;

    /// <summary>JDE of the mean new moon of lunation 0 (2000-01-06), Meeus 49.1.</summary>
    public const double FirstNewMoonJde = 2451550.09766;

    private const double J2000 = 2451545.0;
    private const double Rad = Math.PI / 180;

    /// <summary>Julian Day (UT) of 0001-01-01 00:00, so that <c>DateOnly.DayNumber + this</c> is that day's midnight.</summary>
    public const double DayNumberToJulianDay = 1721425.5;

    /// <summary>The moment (UT, as a Julian Day) of the true new moon of lunation <paramref name="k"/>.</summary>
    public static double NewMoonUniversal(int k)
    {
        var jde = NewMoonJde(k);
        return jde - DeltaTSeconds(jde) / 86400;
    }

    /// <summary>Apparent geocentric longitude of the sun, degrees in [0, 360), at a moment given in UT.</summary>
    public static double SolarLongitudeUniversal(double julianDayUt) =>
        ApparentSolarLongitude(julianDayUt + DeltaTSeconds(julianDayUt) / 86400);

    /// <summary>The true new moon of lunation <paramref name="k"/> (k = 0 is 2000-01-06) in Julian Ephemeris Days (TT). Meeus ch. 49.</summary>
    public static double NewMoonJde(int k)
    {
        double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
        var jde = FirstNewMoonJde + SynodicMonth * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;

        // Eccentricity of the Earth's orbit, which scales every term that involves the sun's anomaly.
        var e = 1 - 0.002516 * t - 0.0000074 * t2;
        var m = Rad * (2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
        var mp = Rad * (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4);
        var f = Rad * (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4);
        var omega = Rad * (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);

        var correction =
            -0.40720 * Math.Sin(mp)
            + 0.17241 * e * Math.Sin(m)
            + 0.01608 * Math.Sin(2 * mp)
            + 0.01039 * Math.Sin(2 * f)
            + 0.00739 * e * Math.Sin(mp - m)
            - 0.00514 * e * Math.Sin(mp + m)
            + 0.00208 * e * e * Math.Sin(2 * m)
            - 0.00111 * Math.Sin(mp - 2 * f)
            - 0.00057 * Math.Sin(mp + 2 * f)
            + 0.00056 * e * Math.Sin(2 * mp + m)
            - 0.00042 * Math.Sin(3 * mp)
            + 0.00042 * e * Math.Sin(m + 2 * f)
            + 0.00038 * e * Math.Sin(m - 2 * f)
            - 0.00024 * e * Math.Sin(2 * mp - m)
            - 0.00017 * Math.Sin(omega)
            - 0.00007 * Math.Sin(mp + 2 * m)
            + 0.00004 * Math.Sin(2 * mp - 2 * f)
            + 0.00004 * Math.Sin(3 * m)
            + 0.00003 * Math.Sin(mp + m - 2 * f)
            + 0.00003 * Math.Sin(2 * mp + 2 * f)
            - 0.00003 * Math.Sin(mp + m + 2 * f)
            + 0.00003 * Math.Sin(mp - m + 2 * f)
            - 0.00002 * Math.Sin(mp - m - 2 * f)
            - 0.00002 * Math.Sin(3 * mp + m)
            + 0.00002 * Math.Sin(4 * mp);

        // The planetary arguments A1..A14 of Meeus ch. 49.
        var planetary =
            0.000325 * Math.Sin(Rad * (299.77 + 0.107408 * k - 0.009173 * t2))
            + 0.000165 * Math.Sin(Rad * (251.88 + 0.016321 * k))
            + 0.000164 * Math.Sin(Rad * (251.83 + 26.651886 * k))
            + 0.000126 * Math.Sin(Rad * (349.42 + 36.412478 * k))
            + 0.000110 * Math.Sin(Rad * (84.66 + 18.206239 * k))
            + 0.000062 * Math.Sin(Rad * (141.74 + 53.303771 * k))
            + 0.000060 * Math.Sin(Rad * (207.14 + 2.453732 * k))
            + 0.000056 * Math.Sin(Rad * (154.84 + 7.306860 * k))
            + 0.000047 * Math.Sin(Rad * (34.52 + 27.261239 * k))
            + 0.000042 * Math.Sin(Rad * (207.19 + 0.121824 * k))
            + 0.000040 * Math.Sin(Rad * (291.34 + 1.844379 * k))
            + 0.000037 * Math.Sin(Rad * (161.72 + 24.198154 * k))
            + 0.000035 * Math.Sin(Rad * (239.56 + 25.513099 * k))
            + 0.000023 * Math.Sin(Rad * (331.55 + 3.592518 * k));

        return jde + correction + planetary;
    }

    /// <summary>
    /// Apparent longitude of the sun (true equinox of date, with nutation and aberration), degrees in
    /// [0, 360), at a moment in TT. Meeus ch. 25 "higher accuracy", VSOP87 as truncated in appendix III.
    /// </summary>
    public static double ApparentSolarLongitude(double jde)
    {
        var tau = (jde - J2000) / 365250;
        var heliocentric = (Series(L0, tau)
            + tau * (Series(L1, tau)
            + tau * (Series(L2, tau)
            + tau * (Series(L3, tau)
            + tau * (Series(L4, tau)
            + tau * Series(L5, tau)))))) / 1e8;

        var t = tau * 10;
        // Geocentric = heliocentric + 180°; then the small correction from the VSOP frame to FK5 (-0.09033").
        var theta = heliocentric / Rad + 180 - 0.09033 / 3600;

        // Nutation in longitude, the four largest terms of Meeus ch. 22 (good to 0.5").
        var omega = Rad * (125.04452 - 1934.136261 * t);
        var sunMean = Rad * (280.4665 + 36000.7698 * t);
        var moonMean = Rad * (218.3165 + 481267.8813 * t);
        var nutation = (-17.20 * Math.Sin(omega) - 1.32 * Math.Sin(2 * sunMean)
            - 0.23 * Math.Sin(2 * moonMean) + 0.21 * Math.Sin(2 * omega)) / 3600;

        // Aberration, -20.4898" / R, with R (AU) from the leading VSOP87 terms: a 1e-4 AU error here is 0.002".
        var radius = 1.00013989
            + 0.01670700 * Math.Cos(3.0984635 + 6283.07585 * tau)
            + 0.00013956 * Math.Cos(3.05525 + 12566.1517 * tau)
            + 0.00103019 * tau * Math.Cos(1.10749 + 6283.07585 * tau);
        var aberration = -20.4898 / 3600 / radius;

        var lambda = (theta + nutation + aberration) % 360;
        return lambda < 0 ? lambda + 360 : lambda;
    }

    /// <summary>
    /// ΔT = TT − UT in seconds: the Espenak–Meeus polynomials (NASA, "Five Millennium Canon of Solar
    /// Eclipses"), used for 1700 onwards. After today they are a prediction; a minute of error by 2100
    /// only matters for a new moon within that minute of local midnight.
    /// </summary>
    public static double DeltaTSeconds(double julianDay)
    {
        var y = 2000 + (julianDay - J2000) / 365.25;
        double t;
        switch (y)
        {
            case < 1700:
                {
                    var u = (y - 1820) / 100;
                    return -20 + 32 * u * u;
                }
            case < 1800:
                t = y - 1700;
                return 8.83 + 0.1603 * t - 0.0059285 * t * t + 0.00013336 * t * t * t - Math.Pow(t, 4) / 1174000;
            case < 1860:
                t = y - 1800;
                return 13.72 - 0.332447 * t + 0.0068612 * t * t + 0.0041116 * t * t * t - 0.00037436 * Math.Pow(t, 4)
                    + 0.0000121272 * Math.Pow(t, 5) - 0.0000001699 * Math.Pow(t, 6) + 0.000000000875 * Math.Pow(t, 7);
            case < 1900:
                t = y - 1860;
                return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t - 0.0004473624 * Math.Pow(t, 4)
                    + Math.Pow(t, 5) / 233174;
            case < 1920:
                t = y - 1900;
                return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * Math.Pow(t, 4);
            case < 1941:
                t = y - 1920;
                return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
            case < 1961:
                t = y - 1950;
                return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
            case < 1986:
                t = y - 1975;
                return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
            case < 2005:
                t = y - 2000;
                return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * Math.Pow(t, 4)
                    + 0.00002373599 * Math.Pow(t, 5);
            case < 2050:
                t = y - 2000;
                return 62.92 + 0.32217 * t + 0.005589 * t * t;
            case < 2150:
                {
                    var u = (y - 1820) / 100;
                    return -20 + 32 * u * u - 0.5628 * (2150 - y);
                }
            default:
                {
                    var u = (y - 1820) / 100;
                    return -20 + 32 * u * u;
                }
        }
    }

    private static double Series(double[] terms, double tau)
    {
        var sum = 0.0;
        for (var i = 0; i < terms.Length; i += 3)
        {
            sum += terms[i] * Math.Cos(terms[i + 1] + terms[i + 2] * tau);
        }
        return sum;
    }

    // VSOP87 (Bretagnon & Francou 1988) heliocentric longitude of the Earth, as truncated in Meeus
    // appendix III: triples of amplitude (1e-8 rad), phase (rad), frequency (rad per millennium).
    private static readonly double[] L0 =
    [
        175347046, 0, 0, 3341656, 4.6692568, 6283.07585, 34894, 4.6261, 12566.1517, 3497, 2.7441, 5753.3849,
        3418, 2.8289, 3.5231, 3136, 3.6277, 77713.7715, 2676, 4.4181, 7860.4194, 2343, 6.1352, 3930.2097,
        1324, 0.7425, 11506.7698, 1273, 2.0371, 529.691, 1199, 1.1096, 1577.3435, 990, 5.233, 5884.927,
        902, 2.045, 26.298, 857, 3.508, 398.149, 780, 1.179, 5223.694, 753, 2.533, 5507.553,
        505, 4.583, 18849.228, 492, 4.205, 775.523, 357, 2.92, 0.067, 317, 5.849, 11790.629,
        284, 1.899, 796.298, 271, 0.315, 10977.079, 243, 0.345, 5486.778, 206, 4.806, 2544.314,
        205, 1.869, 5573.143, 202, 2.458, 6069.777, 156, 0.833, 213.299, 132, 3.411, 2942.463,
        126, 1.083, 20.775, 115, 0.645, 0.98, 103, 0.636, 4694.003, 102, 0.976, 15720.839,
        102, 4.267, 7.114, 99, 6.21, 2146.17, 98, 0.68, 155.42, 86, 5.98, 161000.69,
        85, 1.3, 6275.96, 85, 3.67, 71430.7, 80, 1.81, 17260.15, 79, 3.04, 12036.46,
        75, 1.76, 5088.63, 74, 3.5, 3154.69, 74, 4.68, 801.82, 70, 0.83, 9437.76,
        62, 3.98, 8827.39, 61, 1.82, 7084.9, 57, 2.78, 6286.6, 56, 4.39, 14143.5,
        56, 3.47, 6279.55, 52, 0.19, 12139.55, 52, 1.33, 1748.02, 51, 0.28, 5856.48,
        49, 0.49, 1194.45, 41, 5.37, 8429.24, 41, 2.4, 19651.05, 39, 6.17, 10447.39,
        37, 6.04, 10213.29, 37, 2.57, 1059.38, 36, 1.71, 2352.87, 36, 1.78, 6812.77,
        33, 0.59, 17789.85, 30, 0.44, 83996.85, 30, 2.74, 1349.87, 25, 3.16, 4690.48,
    ];

    private static readonly double[] L1 =
    [
        628331966747, 0, 0, 206059, 2.678235, 6283.07585, 4303, 2.6351, 12566.1517, 425, 1.59, 3.523,
        119, 5.796, 26.298, 109, 2.966, 1577.344, 93, 2.59, 18849.23, 72, 1.14, 529.69,
        68, 1.87, 398.15, 67, 4.41, 5507.55, 59, 2.89, 5223.69, 56, 2.17, 155.42,
        45, 0.4, 796.3, 36, 0.47, 775.52, 29, 2.65, 7.11, 21, 5.34, 0.98,
        19, 1.85, 5486.78, 19, 4.97, 213.3, 17, 2.99, 6275.96, 16, 0.03, 2544.31,
        16, 1.43, 2146.17, 15, 1.21, 10977.08, 12, 2.83, 1748.02, 12, 3.26, 5088.63,
        12, 5.27, 1194.45, 12, 2.08, 4694, 11, 0.77, 553.57, 10, 1.3, 6286.6,
        10, 4.24, 1349.87, 9, 2.7, 242.73, 9, 5.64, 951.72, 8, 5.3, 2352.87,
        6, 2.65, 9437.76, 6, 4.67, 4690.48,
    ];

    private static readonly double[] L2 =
    [
        52919, 0, 0, 8720, 1.0721, 6283.0758, 309, 0.867, 12566.152, 27, 0.05, 3.52,
        16, 5.19, 26.3, 16, 3.68, 155.42, 10, 0.76, 18849.23, 9, 2.06, 77713.77,
        7, 0.83, 775.52, 5, 4.66, 1577.34, 4, 1.03, 7.11, 4, 3.44, 5573.14,
        3, 5.14, 796.3, 3, 6.05, 5507.55, 3, 1.19, 242.73, 3, 6.12, 529.69,
        3, 0.31, 398.15, 3, 2.28, 553.57, 2, 4.38, 5223.69, 2, 3.75, 0.98,
    ];

    private static readonly double[] L3 =
    [
        289, 5.844, 6283.076, 35, 0, 0, 17, 5.49, 12566.15, 3, 5.2, 155.42,
        1, 4.72, 3.52, 1, 5.3, 18849.23, 1, 5.97, 242.73,
    ];

    private static readonly double[] L4 = [114, 3.142, 0, 8, 4.13, 6283.08, 1, 3.84, 12566.15];

    private static readonly double[] L5 = [1, 3.14, 0];
}
