namespace TokenKernels.Workloads;

/// <summary>
/// Natural log and exp in plain arithmetic (no Math.Log/Exp), so a sample is the same on every backend, and the gamma and
/// exponential variates built on them. Kernel-safe. To be replaced by the shared exp/log in Physics/ once it lands.
/// </summary>
internal static class SamplingMath
{
    private const double Ln2 = 0.69314718055994530942;
    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>ln(x) for x &gt; 0: x = m 2^e with m in [1/sqrt2, sqrt2), ln m = 2 atanh(s), s = (m - 1)/(m + 1), |s| &lt; 0.172.</summary>
    public static double Log(double x)
    {
        if (!(x > 0))
        {
            return double.NegativeInfinity;
        }

        int e = 0;
        double m = x;
        while (m >= Sqrt2)
        {
            m *= 0.5;
            e++;
        }

        while (m < Sqrt2 * 0.5)
        {
            m *= 2.0;
            e--;
        }

        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;

        // atanh(s) = s (1 + s^2/3 + s^4/5 + ...): |s| < 0.172 so 12 terms reach 1e-19.
        double sum = 0;
        for (int k = 23; k >= 1; k -= 2)
        {
            sum = (sum * s2) + (1.0 / k);
        }

        return (2.0 * s * sum) + (e * Ln2);
    }

    /// <summary>e^x: x = n ln2 + r with |r| &lt;= ln2/2, e^r by its Taylor series (18 terms reach 1e-19), times 2^n.</summary>
    public static double Exp(double x)
    {
        if (x > 709)
        {
            return double.PositiveInfinity;
        }

        if (x < -745)
        {
            return 0;
        }

        double nf = x / Ln2;
        int n = (int)(nf >= 0 ? nf + 0.5 : nf - 0.5);
        double r = x - (n * Ln2);
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; k <= 18; k++)
        {
            term *= r / k;
            sum += term;
        }

        double scale = n >= 0 ? 2.0 : 0.5;
        for (int i = n >= 0 ? n : -n; i > 0; i--)
        {
            sum *= scale;
        }

        return sum;
    }

    /// <summary>An exponential variate of mean 1 from a uniform u in (0, 1): -ln u.</summary>
    public static double Exponential(double u) => -Log(u);

    /// <summary>
    /// A gamma variate of shape <paramref name="shape"/> and mean 1 (scale 1/shape) from the counter stream (seed, stream),
    /// counters <paramref name="counter"/> to counter + 511 (8 per attempt): Marsaglia and Tsang (2000) with a polar-method normal; shape &lt; 1 by
    /// boosting (G(k) = G(k + 1) U^(1/k)). Shape 1 is the exponential.
    /// </summary>
    public static double GammaMeanOne(double shape, ulong seed, ulong stream, ulong counter)
    {
        if (shape == 1.0)
        {
            return Exponential(CounterRng.Uniform(seed, stream, counter));
        }

        double k = shape < 1 ? shape + 1.0 : shape;
        double d = k - (1.0 / 3.0);
        double c = 1.0 / Math.Sqrt(9.0 * d);
        double g = d;
        for (ulong attempt = 0; attempt < 64; attempt++)
        {
            double z = PolarNormal(seed, stream, counter + 2 + (attempt * 8));
            double v = 1.0 + (c * z);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            double u = CounterRng.Uniform(seed, stream, counter + 1 + (attempt * 8));
            if (Log(u) < (0.5 * z * z) + d - (d * v) + (d * Log(v)))
            {
                g = d * v;
                break;
            }
        }

        if (shape < 1)
        {
            g *= Exp(Log(CounterRng.Uniform(seed, stream, counter)) / shape);
        }

        return g / shape;
    }

    // Marsaglia's polar method: a point in the unit disc, z = x sqrt(-2 ln s / s). Counters counter..counter+5.
    private static double PolarNormal(ulong seed, ulong stream, ulong counter)
    {
        for (ulong i = 0; i < 3; i++)
        {
            double x = (2.0 * CounterRng.Uniform(seed, stream, counter + (2 * i))) - 1.0;
            double y = (2.0 * CounterRng.Uniform(seed, stream, counter + (2 * i) + 1)) - 1.0;
            double s = (x * x) + (y * y);
            if (s > 0 && s < 1)
            {
                return x * Math.Sqrt(-2.0 * Log(s) / s);
            }
        }

        return 0;
    }
}
