using TokenKernels.Physics;

namespace TokenKernels.Workloads;

/// <summary>
/// Exponential and gamma variates from counter-based uniforms, on <see cref="KernelMath"/>'s exp and log so that a sample
/// is the same on every backend. Kernel-safe.
/// </summary>
internal static class SamplingMath
{
    /// <summary>An exponential variate of mean 1 from a uniform u in (0, 1): -ln u.</summary>
    public static double Exponential(double u) => -KernelMath.Log(u);

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
            if (KernelMath.Log(u) < (0.5 * z * z) + d - (d * v) + (d * KernelMath.Log(v)))
            {
                g = d * v;
                break;
            }
        }

        if (shape < 1)
        {
            g *= KernelMath.Exp(KernelMath.Log(CounterRng.Uniform(seed, stream, counter)) / shape);
        }

        return g / shape;
    }

    /// <summary>A standard normal variate by Marsaglia's polar method (a point in the unit disc, z = x sqrt(-2 ln s / s)), counters counter..counter + 5; 0 in the rare case that three tries miss the disc.</summary>
    public static double PolarNormal(ulong seed, ulong stream, ulong counter)
    {
        for (ulong i = 0; i < 3; i++)
        {
            double x = (2.0 * CounterRng.Uniform(seed, stream, counter + (2 * i))) - 1.0;
            double y = (2.0 * CounterRng.Uniform(seed, stream, counter + (2 * i) + 1)) - 1.0;
            double s = (x * x) + (y * y);
            if (s > 0 && s < 1)
            {
                return x * Math.Sqrt(-2.0 * KernelMath.Log(s) / s);
            }
        }

        return 0;
    }
}
