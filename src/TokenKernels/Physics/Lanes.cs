namespace TokenKernels.Physics;

/// <summary>
/// A number type the batch-dependent physics is written over once: <see cref="Lane1"/> (one double: the scalar path,
/// every kernel, the simulator) or several doubles evaluated side by side (the managed CPU sweep's SIMD lanes,
/// Engine/Lane4, Engine/Lane8). Every operation is the IEEE operation of each lane, in the order the formula writes it, so a lane
/// of a wide type equals the scalar value bit for bit. Per-lane choices are selects, never branches; a branch on a
/// value that is the same in every lane (a layout, a length) stays a branch.
/// </summary>
internal interface ILanes<T>
    where T : struct, ILanes<T>
{
    /// <summary>The same value in every lane.</summary>
    static abstract implicit operator T(double value);

    static abstract T operator +(T a, T b);

    static abstract T operator -(T a, T b);

    static abstract T operator *(T a, T b);

    static abstract T operator /(T a, T b);

    /// <summary>Per lane <see cref="Math.Min(double, double)"/> (operands are never NaN where a result is used).</summary>
    static abstract T Min(T a, T b);

    /// <summary>Per lane <see cref="Math.Max(double, double)"/> (operands are never NaN where a result is used).</summary>
    static abstract T Max(T a, T b);

    /// <summary>Per lane <see cref="Math.Ceiling(double)"/>.</summary>
    static abstract T Ceiling(T a);

    /// <summary>Per lane a &gt; b ? x : y.</summary>
    static abstract T IfGreater(T a, T b, T x, T y);

    /// <summary>Per lane a &gt;= b ? x : y.</summary>
    static abstract T IfGreaterOrEqual(T a, T b, T x, T y);

    /// <summary>Whether a &gt; b in any lane (a branch that skips work no lane needs).</summary>
    static abstract bool AnyGreater(T a, T b);

    /// <summary>
    /// p x 2^k1 x 2^(k - k1) with k1 = k / 2 truncated toward zero, for an integer-valued k in [-1075, 1024] (both factors
    /// normal, so subnormal results and k = 1024 are exact); any value for k outside it (<see cref="KernelMath.Exp{T}"/>
    /// selects those lanes away).
    /// </summary>
    static abstract T ScaleByPowersOfTwo(T p, T k);

    /// <summary>The value of lane <paramref name="lane"/>.</summary>
    static abstract double Lane(in T v, int lane);
}

/// <summary>One lane: a double. Kernel-safe; what the scalar path and every kernel run.</summary>
internal readonly struct Lane1(double value) : ILanes<Lane1>
{
    public readonly double Value = value;

    public static implicit operator Lane1(double value) => new(value);

    public static Lane1 operator +(Lane1 a, Lane1 b) => new(a.Value + b.Value);

    public static Lane1 operator -(Lane1 a, Lane1 b) => new(a.Value - b.Value);

    public static Lane1 operator *(Lane1 a, Lane1 b) => new(a.Value * b.Value);

    public static Lane1 operator /(Lane1 a, Lane1 b) => new(a.Value / b.Value);

    public static Lane1 Min(Lane1 a, Lane1 b) => new(Math.Min(a.Value, b.Value));

    public static Lane1 Max(Lane1 a, Lane1 b) => new(Math.Max(a.Value, b.Value));

    public static Lane1 Ceiling(Lane1 a) => new(Math.Ceiling(a.Value));

    public static Lane1 IfGreater(Lane1 a, Lane1 b, Lane1 x, Lane1 y) => a.Value > b.Value ? x : y;

    public static Lane1 IfGreaterOrEqual(Lane1 a, Lane1 b, Lane1 x, Lane1 y) => a.Value >= b.Value ? x : y;

    public static bool AnyGreater(Lane1 a, Lane1 b) => a.Value > b.Value;

    public static double Lane(in Lane1 v, int lane) => v.Value;

    public static Lane1 ScaleByPowersOfTwo(Lane1 p, Lane1 k)
    {
        long whole = (long)k.Value;
        long half = whole / 2;
        return new(p.Value * KernelMath.PowerOfTwo(half) * KernelMath.PowerOfTwo(whole - half));
    }
}
