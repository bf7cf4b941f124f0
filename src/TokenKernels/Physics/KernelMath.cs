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
/// or subnormal double. The truncation terms are far below that: exp's Taylor remainder on |r| &lt;= ln2/2 is
/// (ln2/2)^14 / 14! = 4.2e-18, log's atanh series remainder on |s| &lt;= 0.1716 is 2 s^25 / 25 &lt; 7e-21 relative; the
/// rest is the rounding of about 15 Horner steps. <see cref="Pow"/> = exp(y ln x) adds |y ln x| x 4e-16 relative on top.
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

    /// <summary>2^54, to lift subnormal inputs of <see cref="Log"/> into the normal range.</summary>
    private const double TwoPow54 = 18014398509481984.0;

    /// <summary>
    /// e^x. x = k ln2 + r with |r| &lt;= ln2/2; e^r by its Taylor series to r^13 (Horner); times 2^k built from the
    /// exponent bits (in two factors, so subnormal results and k = 1024 are exact). NaN gives NaN, -infinity 0,
    /// +infinity +infinity.
    /// </summary>
    public static double Exp(double x)
    {
        if (!(x <= ExpOverflow))
        {
            return x + double.PositiveInfinity; // NaN stays NaN, too large is +infinity
        }

        if (x < ExpUnderflow)
        {
            return 0;
        }

        double kd = Round(x * InvLn2);
        double r = (x - (kd * Ln2Hi)) - (kd * Ln2Lo);
        double p = 1.0 / 6227020800.0;            // 1/13!
        p = (p * r) + (1.0 / 479001600.0);         // 1/12!
        p = (p * r) + (1.0 / 39916800.0);          // 1/11!
        p = (p * r) + (1.0 / 3628800.0);           // 1/10!
        p = (p * r) + (1.0 / 362880.0);            // 1/9!
        p = (p * r) + (1.0 / 40320.0);             // 1/8!
        p = (p * r) + (1.0 / 5040.0);              // 1/7!
        p = (p * r) + (1.0 / 720.0);               // 1/6!
        p = (p * r) + (1.0 / 120.0);               // 1/5!
        p = (p * r) + (1.0 / 24.0);                // 1/4!
        p = (p * r) + (1.0 / 6.0);                 // 1/3!
        p = (p * r) + 0.5;                         // 1/2!
        p = (p * r) + 1.0;
        p = (p * r) + 1.0;

        // k in [-1075, 1024]: split into two powers of two that are each normal.
        long k = (long)kd;
        long k1 = k / 2;
        return p * PowerOfTwo(k1) * PowerOfTwo(k - k1);
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

    /// <summary>Round half away from zero, by arithmetic only (|v| &lt; 2^52 here).</summary>
    private static double Round(double v) => v >= 0 ? (double)(long)(v + 0.5) : (double)(long)(v - 0.5);

    /// <summary>2^k for a k in the normal exponent range [-1022, 1023], from its bits.</summary>
    private static double PowerOfTwo(long k) => Interop.IntAsFloat((ulong)((k + 1023) << 52));
}
