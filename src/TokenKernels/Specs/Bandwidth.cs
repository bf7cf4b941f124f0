using System.Globalization;

namespace TokenKernels;

/// <summary>A data rate in bytes per second (decimal SI: 1 TB/s = 1e12 B/s; links in Gbit/s are divided by 8).</summary>
public readonly record struct Bandwidth(double BytesPerSecond) : IComparable<Bandwidth>
{
    /// <summary>From decimal terabytes per second (HBM datasheets).</summary>
    public static Bandwidth FromTerabytesPerSecond(double terabytesPerSecond) => new(terabytesPerSecond * 1e12);

    /// <summary>From decimal gigabytes per second (NVLink, Infinity Fabric, per direction).</summary>
    public static Bandwidth FromGigabytesPerSecond(double gigabytesPerSecond) => new(gigabytesPerSecond * 1e9);

    /// <summary>From gigabits per second (network interfaces): 400 Gbit/s = 50 GB/s.</summary>
    public static Bandwidth FromGigabitsPerSecond(double gigabitsPerSecond) => new(gigabitsPerSecond * 1e9 / 8.0);

    /// <summary>Decimal gigabytes per second.</summary>
    public double GigabytesPerSecond => BytesPerSecond / 1e9;

    /// <summary>Decimal terabytes per second.</summary>
    public double TerabytesPerSecond => BytesPerSecond / 1e12;

    /// <summary>Scaled by a factor.</summary>
    public static Bandwidth operator *(Bandwidth a, double factor) => new(a.BytesPerSecond * factor);

    /// <inheritdoc />
    public int CompareTo(Bandwidth other) => BytesPerSecond.CompareTo(other.BytesPerSecond);

    /// <summary>Less than.</summary>
    public static bool operator <(Bandwidth a, Bandwidth b) => a.BytesPerSecond < b.BytesPerSecond;

    /// <summary>Greater than.</summary>
    public static bool operator >(Bandwidth a, Bandwidth b) => a.BytesPerSecond > b.BytesPerSecond;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Bandwidth a, Bandwidth b) => a.BytesPerSecond <= b.BytesPerSecond;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Bandwidth a, Bandwidth b) => a.BytesPerSecond >= b.BytesPerSecond;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GigabytesPerSecond:0.###} GB/s");
}
