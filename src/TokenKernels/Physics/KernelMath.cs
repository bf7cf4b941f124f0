using ILGPU;

namespace TokenKernels.Physics;

/// <summary>
/// exp, log and pow written once as plain double arithmetic (range reduction plus a polynomial), so the managed path,
/// every kernel backend (CUDA, OpenCL, ILGPU's CPU accelerator) and the traffic simulator compute the same values with
/// the same operations: no device math library (CUDA's libdevice, OpenCL's native exp, ILGPU.Algorithms' CORDIC) and no
/// .NET <see cref="Math.Exp"/> stand between a CPU test and what a GPU runs. Kernel-safe: static, no branches on types,
/// no allocation.
/// </summary>
/// <remarks>
/// Error bound (tested against <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/> in KernelMathTests): relative error at
/// most 4e-16 (under 2 ulp) for <see cref="Exp"/> on [-745, 709.78] and for <see cref="Log"/> on every positive normal
/// or subnormal double. The approximation terms are far below that: exp's Remez polynomial (fdlibm) is within 2^-59 on
/// |r| &lt;= ln2/2, log's atanh series remainder on |s| &lt;= 0.1716 is 2 s^25 / 25 &lt; 7e-21 relative; the rest is
/// rounding (fdlibm states under 1 ulp for its exp). <see cref="Pow"/> = exp(y ln x) adds |y ln x| x 4e-16 relative on top.
/// Only IEEE add, multiply, divide and bit moves are used; PTX's mul.rn/add.rn/div.rn and the CPU round the same way,
/// so a device differs from the host only where its compiler contracts a multiply-add into an FMA.
/// </remarks>
internal static class KernelMath
{
    // ln 2 split so that k x Ln2Hi is exact for |k| < 2^11 (Cody-Waite): fdlibm's constants.
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;

    /// <summary>Largest x with a finite e^x (ln of double.MaxValue).</summary>
    private const double ExpOverflow = 7.09782712893383973096e+02;

    /// <summary>Below this e^x rounds to zero (ln of half the smallest subnormal).</summary>
    private const double ExpUnderflow = -7.45133219101941108420e+02;

    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>1.5 x 2^52: adding and subtracting it rounds a double of magnitude under 2^51 to an integer.</summary>
    private const double RoundingShift = 6755399441055744.0;

    // fdlibm e_exp.c's Remez coefficients.
    private const double P1 = 1.66666666666666019037e-01;
    private const double P2 = -2.77777777770155933842e-03;
    private const double P3 = 6.61375632143793436117e-05;
    private const double P4 = -1.65339022054652515390e-06;
    private const double P5 = 4.13813679705723846039e-08;

    /// <summary>2^54, to lift subnormal inputs of <see cref="Log"/> into the normal range.</summary>
    private const double TwoPow54 = 18014398509481984.0;

    /// <summary>
    /// e^x. x = k ln2 + r with |r| &lt;= ln2/2 (ln2 split in two, Cody-Waite); e^r by fdlibm's rational form; times 2^k
    /// built from the exponent bits (in two factors, so subnormal results and k = 1024 are exact). NaN gives NaN,
    /// -infinity 0, +infinity +infinity.
    /// </summary>
    public static double Exp(double x) => Exp<Lane1>(x).Value;

    /// <summary><see cref="Exp(double)"/> in every lane: the same operations, out-of-range lanes selected at the end.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x)
        where T : struct, ILanes<T>
    {
        // Round x/ln2 to the nearest integer by adding and subtracting 1.5 x 2^52 (pure arithmetic, no conversion).
        T kd = ((x * InvLn2) + RoundingShift) - RoundingShift;
        T hi = x - (kd * Ln2Hi);
        T lo = kd * Ln2Lo;
        T r = hi - lo;

        // fdlibm's e_exp.c: r (e^r + 1)/(e^r - 1) = 2 + r^2 R(r^2), R of degree 5 (Remez, |error| < 2^-59 on |r| <= ln2/2),
        // so e^r = 1 + r + r c/(2 - c) with c = r - r^2 R(r^2): five multiply-adds and one division.
        T t = r * r;
        T c = r - (t * (P1 + (t * (P2 + (t * (P3 + (t * (P4 + (t * P5)))))))));
        T p = 1.0 - ((lo - ((r * c) / (2.0 - c))) - hi);

        // k in [-1075, 1024]: two powers of two that are each normal. Beyond the range: 0 below, x + infinity above
        // (+infinity; a NaN stays NaN through every operation above).
        T inRange = T.ScaleByPowersOfTwo(p, kd);
        return T.IfGreater(x, ExpOverflow, x + double.PositiveInfinity, T.IfGreater(ExpUnderflow, x, 0.0, inRange));
    }

    /// <summary>
    /// x^n for a whole n &gt;= 0 in every lane, by repeated squaring (about 2 log2 n multiplications, not n); 1 at n = 0.
    /// </summary>
    public static T PowInt<T>(T x, int n)
        where T : struct, ILanes<T>
    {
        T result = 1.0;
        T square = x;
        for (int k = n; k > 0; k >>= 1)
        {
            if ((k & 1) != 0)
            {
                result *= square;
            }

            square *= square;
        }

        return result;
    }

    /// <summary>
    /// ln x. x = 2^e m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m - 1)/(m + 1), by its odd series to
    /// s^23; ln x = e ln2 + ln m. 0 gives -infinity, a negative x or NaN gives NaN, +infinity +infinity; exact 0 at 1.
    /// </summary>
    public static double Log(double x)
    {
        if (!(x > 0))
        {
            return x == 0 ? double.NegativeInfinity : double.NaN;
        }

        if (x == double.PositiveInfinity)
        {
            return x;
        }

        long e = 0;
        if (x < 2.2250738585072014e-308)
        {
            x *= TwoPow54;
            e = -54;
        }

        long bits = (long)Interop.FloatAsInt(x);
        e += ((bits >> 52) & 0x7FF) - 1023;
        double m = Interop.IntAsFloat((ulong)((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L)); // [1, 2)
        if (m > Sqrt2)
        {
            m *= 0.5;
            e++;
        }

        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double q = 1.0 / 23.0;
        q = (q * s2) + (1.0 / 21.0);
        q = (q * s2) + (1.0 / 19.0);
        q = (q * s2) + (1.0 / 17.0);
        q = (q * s2) + (1.0 / 15.0);
        q = (q * s2) + (1.0 / 13.0);
        q = (q * s2) + (1.0 / 11.0);
        q = (q * s2) + (1.0 / 9.0);
        q = (q * s2) + (1.0 / 7.0);
        q = (q * s2) + (1.0 / 5.0);
        q = (q * s2) + (1.0 / 3.0);
        double lnM = 2.0 * s * ((q * s2) + 1.0);
        double ed = e;
        return (ed * Ln2Hi) + (lnM + (ed * Ln2Lo));
    }

    /// <summary>x^y = e^(y ln x) for x &gt;= 0 (0^y = 0 for y &gt; 0, 1 for y = 0); a negative x gives NaN.</summary>
    public static double Pow(double x, double y) => y == 0 ? 1.0 : Exp(y * Log(x));

    /// <summary>2^k for a k in the normal exponent range [-1022, 1023], from its bits.</summary>
    internal static double PowerOfTwo(long k) => Interop.IntAsFloat((ulong)((k + 1023) << 52));
}
