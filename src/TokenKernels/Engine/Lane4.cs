using System.Runtime.Intrinsics;
using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>
/// Four doubles side by side in a <see cref="Vector256{T}"/> (AVX2 on x64): the managed sweep evaluates four batch sizes
/// of one prepared layout and lengths per call of the one formula (<see cref="ServingModel.ServeLanes{T}"/>). Each lane
/// runs the IEEE operation <see cref="Lane1"/> runs, so every lane equals the scalar value bit for bit (no fused
/// multiply-add: .NET never contracts vector multiplies and adds). Host only; kernels run <see cref="Lane1"/>.
/// </summary>
internal readonly struct Lane4(Vector256<double> value) : IWideLanes<Lane4>
{
    public const int Width = 4;

    static int IWideLanes<Lane4>.Width => Width;

    /// <summary>2^52 + 1023: added to an integer k in [-1022, 1023], the low bits of the sum are k's biased exponent.</summary>
    private const double ExponentShift = 4503599627370496.0 + 1023.0;

    public readonly Vector256<double> Value = value;

    /// <summary>Whether the CPU runs <see cref="Vector256{T}"/> in hardware (else the scalar walker is faster).</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    public static implicit operator Lane4(double value) => new(Vector256.Create(value));

    public static Lane4 operator +(Lane4 a, Lane4 b) => new(a.Value + b.Value);

    public static Lane4 operator -(Lane4 a, Lane4 b) => new(a.Value - b.Value);

    public static Lane4 operator *(Lane4 a, Lane4 b) => new(a.Value * b.Value);

    public static Lane4 operator /(Lane4 a, Lane4 b) => new(a.Value / b.Value);

    /// <summary>Four lanes from the first four values.</summary>
    public static Lane4 Load(ReadOnlySpan<double> values) => new(Vector256.Create(values));

    /// <summary>Bit k set where lane k is exactly 0 (a feasible lane's reason code).</summary>
    public static int ZeroLanes(Lane4 v) => (int)Vector256.ExtractMostSignificantBits(Vector256.Equals(v.Value, Vector256<double>.Zero));

    public static Lane4 Min(Lane4 a, Lane4 b) => new(Vector256.Min(a.Value, b.Value));

    public static Lane4 Max(Lane4 a, Lane4 b) => new(Vector256.Max(a.Value, b.Value));

    public static Lane4 Ceiling(Lane4 a) => new(Vector256.Ceiling(a.Value));

    public static Lane4 IfGreater(Lane4 a, Lane4 b, Lane4 x, Lane4 y) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.Value, b.Value), x.Value, y.Value));

    public static Lane4 IfGreaterOrEqual(Lane4 a, Lane4 b, Lane4 x, Lane4 y) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a.Value, b.Value), x.Value, y.Value));

    public static bool AnyGreater(Lane4 a, Lane4 b) => Vector256.GreaterThanAny(a.Value, b.Value);

    /// <summary>Lane <paramref name="lane"/> (0-3, unchecked) read in place, without moving the vector to a register.</summary>
    public static double Lane(in Lane4 v, int lane) =>
        System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.CompilerServices.Unsafe.As<Vector256<double>, double>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in v.Value)), lane);

    /// <summary>
    /// <see cref="Lane1.ScaleByPowersOfTwo"/> per lane without a conversion to integers: k1 = trunc(k / 2) and k - k1 are
    /// exact in doubles, and each 2^k comes from the low bits of k + 2^52 + 1023 shifted into the exponent field.
    /// </summary>
    public static Lane4 ScaleByPowersOfTwo(Lane4 p, Lane4 k)
    {
        var half = Vector256.Truncate(k.Value * 0.5);
        return new(p.Value * PowerOfTwo(half) * PowerOfTwo(k.Value - half));
    }

    private static Vector256<double> PowerOfTwo(Vector256<double> k) =>
        Vector256.ShiftLeft((k + Vector256.Create(ExponentShift)).AsInt64(), 52).AsDouble();
}
