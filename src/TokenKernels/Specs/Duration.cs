using System.Globalization;

namespace TokenKernels;

/// <summary>A span of time in seconds (a double: model outputs need sub-microsecond resolution, unlike <see cref="TimeSpan"/>).</summary>
public readonly record struct Duration(double Seconds) : IComparable<Duration>
{
    /// <summary>From seconds.</summary>
    public static Duration FromSeconds(double seconds) => new(seconds);

    /// <summary>From milliseconds.</summary>
    public static Duration FromMilliseconds(double milliseconds) => new(milliseconds * 1e-3);

    /// <summary>From microseconds.</summary>
    public static Duration FromMicroseconds(double microseconds) => new(microseconds * 1e-6);

    /// <summary>Milliseconds.</summary>
    public double Milliseconds => Seconds * 1e3;

    /// <summary>Microseconds.</summary>
    public double Microseconds => Seconds * 1e6;

    /// <summary>Sum.</summary>
    public static Duration operator +(Duration a, Duration b) => new(a.Seconds + b.Seconds);

    /// <inheritdoc />
    public int CompareTo(Duration other) => Seconds.CompareTo(other.Seconds);

    /// <summary>Less than.</summary>
    public static bool operator <(Duration a, Duration b) => a.Seconds < b.Seconds;

    /// <summary>Greater than.</summary>
    public static bool operator >(Duration a, Duration b) => a.Seconds > b.Seconds;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Duration a, Duration b) => a.Seconds <= b.Seconds;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Duration a, Duration b) => a.Seconds >= b.Seconds;

    /// <inheritdoc />
    public override string ToString() => Seconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Seconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Milliseconds:0.###} ms");
}
