using System.Globalization;

namespace TokenKernels;

/// <summary>A dense (no sparsity) arithmetic rate in floating-point operations per second.</summary>
public readonly record struct FlopRate(double FlopsPerSecond) : IComparable<FlopRate>
{
    /// <summary>From dense TFLOP/s (1e12 FLOP/s), as datasheets state tensor-core peaks.</summary>
    public static FlopRate FromTeraflops(double teraflops) => new(teraflops * 1e12);

    /// <summary>Dense TFLOP/s.</summary>
    public double Teraflops => FlopsPerSecond / 1e12;

    /// <summary>Scaled by a factor.</summary>
    public static FlopRate operator *(FlopRate a, double factor) => new(a.FlopsPerSecond * factor);

    /// <inheritdoc />
    public int CompareTo(FlopRate other) => FlopsPerSecond.CompareTo(other.FlopsPerSecond);

    /// <summary>Less than.</summary>
    public static bool operator <(FlopRate a, FlopRate b) => a.FlopsPerSecond < b.FlopsPerSecond;

    /// <summary>Greater than.</summary>
    public static bool operator >(FlopRate a, FlopRate b) => a.FlopsPerSecond > b.FlopsPerSecond;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(FlopRate a, FlopRate b) => a.FlopsPerSecond <= b.FlopsPerSecond;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(FlopRate a, FlopRate b) => a.FlopsPerSecond >= b.FlopsPerSecond;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Teraflops:0.#} TFLOP/s");
}
