using System.Globalization;

namespace TokenKernels;

/// <summary>An amount of memory in bytes (decimal SI: 1 GB = 1e9 B; GiB = 2^30 B only where the name says so).</summary>
public readonly record struct ByteCount(double Bytes) : IComparable<ByteCount>
{
    /// <summary>Creates a byte count from decimal gigabytes (1 GB = 1e9 bytes), as datasheets state HBM.</summary>
    public static ByteCount FromGigabytes(double gigabytes) => new(gigabytes * 1e9);

    /// <summary>Creates a byte count from binary mebibytes (1 MiB = 2^20 bytes), as nvidia-smi reports device memory.</summary>
    public static ByteCount FromMebibytes(double mebibytes) => new(mebibytes * 1048576.0);

    /// <summary>Creates a byte count from binary gibibytes (1 GiB = 2^30 bytes).</summary>
    public static ByteCount FromGibibytes(double gibibytes) => new(gibibytes * 1073741824.0);

    /// <summary>Decimal gigabytes.</summary>
    public double Gigabytes => Bytes / 1e9;

    /// <summary>Binary gibibytes.</summary>
    public double Gibibytes => Bytes / 1073741824.0;

    /// <summary>Sum.</summary>
    public static ByteCount operator +(ByteCount a, ByteCount b) => new(a.Bytes + b.Bytes);

    /// <summary>Difference.</summary>
    public static ByteCount operator -(ByteCount a, ByteCount b) => new(a.Bytes - b.Bytes);

    /// <summary>Scaled by a factor.</summary>
    public static ByteCount operator *(ByteCount a, double factor) => new(a.Bytes * factor);

    /// <summary>Time to move this many bytes at a bandwidth.</summary>
    public static Duration operator /(ByteCount a, Bandwidth b) => Duration.FromSeconds(a.Bytes / b.BytesPerSecond);

    /// <summary>Less than.</summary>
    public static bool operator <(ByteCount a, ByteCount b) => a.Bytes < b.Bytes;

    /// <summary>Greater than.</summary>
    public static bool operator >(ByteCount a, ByteCount b) => a.Bytes > b.Bytes;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(ByteCount a, ByteCount b) => a.Bytes <= b.Bytes;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(ByteCount a, ByteCount b) => a.Bytes >= b.Bytes;

    /// <inheritdoc />
    public int CompareTo(ByteCount other) => Bytes.CompareTo(other.Bytes);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Gigabytes:0.###} GB");
}
