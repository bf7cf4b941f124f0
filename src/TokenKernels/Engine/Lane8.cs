using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>
/// Eight doubles as two <see cref="Vector256{T}"/> halves (two registers on AVX2): every operation runs on both halves,
/// so one call of the formula carries two independent dependency chains and the core overlaps their divisions and
/// <c>exp</c> latencies (the formula is latency-bound on four lanes). Each half runs <see cref="Lane4"/>'s operations,
/// so each lane equals the scalar value bit for bit. Host only.
/// </summary>
internal readonly struct Lane8(Vector256<double> low, Vector256<double> high) : IWideLanes<Lane8>
{
    public readonly Vector256<double> Low = low;
    public readonly Vector256<double> High = high;

    public static int Width => 8;

    public static bool IsAccelerated => Lane4.IsAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Lane8(double value)
    {
        var v = Vector256.Create(value);
        return new(v, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 operator +(Lane8 a, Lane8 b) => new(a.Low + b.Low, a.High + b.High);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 operator -(Lane8 a, Lane8 b) => new(a.Low - b.Low, a.High - b.High);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 operator *(Lane8 a, Lane8 b) => new(a.Low * b.Low, a.High * b.High);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 operator /(Lane8 a, Lane8 b) => new(a.Low / b.Low, a.High / b.High);

    public static Lane8 Load(ReadOnlySpan<double> values) => new(Vector256.Create(values), Vector256.Create(values[4..]));

    public static int ZeroLanes(Lane8 v) =>
        (int)(Vector256.ExtractMostSignificantBits(Vector256.Equals(v.Low, Vector256<double>.Zero))
            | (Vector256.ExtractMostSignificantBits(Vector256.Equals(v.High, Vector256<double>.Zero)) << 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 Min(Lane8 a, Lane8 b) => new(Vector256.Min(a.Low, b.Low), Vector256.Min(a.High, b.High));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 Max(Lane8 a, Lane8 b) => new(Vector256.Max(a.Low, b.Low), Vector256.Max(a.High, b.High));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 Ceiling(Lane8 a) => new(Vector256.Ceiling(a.Low), Vector256.Ceiling(a.High));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 IfGreater(Lane8 a, Lane8 b, Lane8 x, Lane8 y) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.Low, b.Low), x.Low, y.Low), Vector256.ConditionalSelect(Vector256.GreaterThan(a.High, b.High), x.High, y.High));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 IfGreaterOrEqual(Lane8 a, Lane8 b, Lane8 x, Lane8 y) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a.Low, b.Low), x.Low, y.Low), Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a.High, b.High), x.High, y.High));

    public static bool AnyGreater(Lane8 a, Lane8 b) => Vector256.GreaterThanAny(a.Low, b.Low) || Vector256.GreaterThanAny(a.High, b.High);

    /// <summary>Lane <paramref name="lane"/> (0-7, unchecked) read in place: the halves lie one after the other.</summary>
    public static double Lane(in Lane8 v, int lane) =>
        Unsafe.Add(ref Unsafe.As<Vector256<double>, double>(ref Unsafe.AsRef(in v.Low)), lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane8 ScaleByPowersOfTwo(Lane8 p, Lane8 k)
    {
        var a = Lane4.ScaleByPowersOfTwo(new Lane4(p.Low), new Lane4(k.Low));
        var b = Lane4.ScaleByPowersOfTwo(new Lane4(p.High), new Lane4(k.High));
        return new(a.Value, b.Value);
    }
}
