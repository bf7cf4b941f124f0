using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>
/// Keys and bins the reductions share on the host and in kernels. Positive doubles order like their IEEE-754 bit
/// patterns read as int64, so a bin is a shift of the bits (monotone in the value) and a maximum is an integer Atomic.Max.
/// </summary>
internal static class ReductionMath
{
    /// <summary>Frontier bins of tok/s/user: 64 per octave (bits &gt;&gt; 46) from 2^-23 to 2^27; outside values clamp to the ends.</summary>
    public const int FrontierBins = 50 * 64;

    private const long FrontierFirstBin = 1000L << 6;

    /// <summary>Top-k bins: every non-negative double's bits &gt;&gt; 44 (1/256 octave), up to +infinity.</summary>
    public const int MetricBins = 0x7FF01;

    /// <summary>Bin of a tok/s/user value; monotone non-decreasing in it, so a point in a higher bin has strictly more tok/s/user.</summary>
    public static int UserBin(double tokSUser)
    {
        long b = (Bits(tokSUser) >> 46) - FrontierFirstBin;
        return b < 0 ? 0 : b >= FrontierBins ? FrontierBins - 1 : (int)b;
    }

    /// <summary>The int64 image of a non-negative double, ordered like the double.</summary>
    public static long Bits(double value) => (long)ILGPU.Interop.FloatAsInt(value);

    /// <summary>The value of a metric; every metric of a feasible point is non-negative.</summary>
    public static double Metric(in PackedResult r, SweepMetric metric) => metric switch
    {
        SweepMetric.OutputTokSGpu => r.OutputTokSGpu,
        SweepMetric.TokSUser => r.TokSUser,
        SweepMetric.TotalTokSGpu => r.TotalTokSGpu,
        SweepMetric.UsdPerMtokTotal => r.UsdPerMtokTotal,
        SweepMetric.UsdPerMtokOutput => r.UsdPerMtokOutput,
        SweepMetric.TtftSeconds => r.SlaTtftSeconds,
        _ => double.NaN, // unreachable: SweepEngine.TopK rejects undefined metrics (kernels cannot throw)
    };

    /// <summary>Throughputs are better high; costs and latencies low.</summary>
    public static bool HigherIsBetter(SweepMetric metric) => metric is SweepMetric.OutputTokSGpu or SweepMetric.TokSUser or SweepMetric.TotalTokSGpu;

    /// <summary>Rank bin of a metric value: higher bin = better, whichever way the metric improves.</summary>
    public static int MetricBin(double value, SweepMetric metric)
    {
        int b = (int)(Bits(value) >> 44);
        return HigherIsBetter(metric) ? b : MetricBins - 1 - b;
    }

    /// <summary>
    /// Relative slack of a device's filtering passes. A device computes the same operations as the host (KernelMath,
    /// IEEE arithmetic) but its compiler may contract multiply-adds into FMAs: values may differ by the tests'
    /// Tolerance.Backend (1e-12). Passes that pick candidates for the host widen every comparison by this slack (over
    /// twice that difference, with room), so whatever the host's own values make best is always among the candidates;
    /// the host then recomputes every candidate and finishes the reduction with its values alone.
    /// </summary>
    public const double DeviceSlack = 1e-9;

    /// <summary>A value moved by <see cref="DeviceSlack"/> toward better for a metric (up for throughputs, down for costs and latencies).</summary>
    public static double Favoured(double value, SweepMetric metric) => HigherIsBetter(metric) ? value * (1 + DeviceSlack) : value * (1 - DeviceSlack);

    /// <summary>
    /// <see cref="MeetsSla"/> with TTFT and tok/s/user widened (slack &gt; 0) or narrowed (slack &lt; 0) by a relative
    /// slack; the context limit stays exact (an integer, floored on both sides).
    /// </summary>
    public static bool MeetsSlaWithin(in PackedResult r, double maxTtftSeconds, double minTokSUser, double minContext, double slack) =>
        r.SlaTtftSeconds <= maxTtftSeconds * (1 + slack) && r.TokSUser >= minTokSUser * (1 - slack) && r.MaxContext >= minContext;

    /// <summary>
    /// Whether a feasible point meets a service level (TTFT at most: P90 at the load when one is given, infinite when
    /// saturated; tok/s/user at least; context at least).
    /// </summary>
    public static bool MeetsSla(in PackedResult r, double maxTtftSeconds, double minTokSUser, double minContext) =>
        r.SlaTtftSeconds <= maxTtftSeconds && r.TokSUser >= minTokSUser && r.MaxContext >= minContext;
}
