namespace TokenKernels.Physics;

/// <summary>
/// A finite burst whose output lengths are exponential (memoryless; the maximum-entropy form for a stated mean), drained
/// by an engine that admits at most B of its n requests at once. Kernel-safe.
/// <para>
/// Steady phase: while requests wait, B run; each finishes with chance 1 / osl per step, so completions come at B / osl
/// per step and the n - B completions that let every waiting request in take (n - B) x osl / B steps at batch B. Drain:
/// from K = B running down to 1, the level k lasts osl / k steps in expectation (the first of k memoryless requests to
/// finish). Tokens: (n - B) x osl + sum_k k x osl / k = n x osl, as they must be. With R(k) the output tok/s/GPU at
/// batch k and t(k) = k / (G x R(k)) its step, the run's GPU-seconds per output token are
/// ((n - K) x osl / K x K / R(K) + sum_k (osl / k) x k / R(k)) / (n x osl) = ((n - K) / R(K) + sum_k 1 / R(k)) / n,
/// so the run's per-GPU throughput is n / ((n - K) / R(K) + sum_{k=1..K} 1 / R(k)).
/// </para>
/// <para>
/// A constant R gives R back (the drain costs nothing where a step's cost is per token); a step with a fixed part
/// (weights read once per step) makes the drain's small batches dear, so the run is slower than equal lengths, whose
/// cohorts finish together (<c>RowPredictor</c>'s waves of B). The sum is over every level up to B (thousands), and
/// the calibration predicts each row thousands of times, so it is a quadrature in the step time
/// tau(k) = k / R(k) (GPU-seconds per step): exact at every level up to <see cref="ExactLevels"/>, then nodes
/// log-spaced by at most <see cref="NodeRatio"/> up to K with tau linear between neighbouring nodes, whose sum of
/// tau(k) / k over each segment is exact through harmonic numbers (<see cref="Weight"/>). Exact wherever the step is
/// linear in the batch between nodes; on the engine's own steps the error is below 0.01 % (BurstDrainTests).
/// </para>
/// </summary>
internal static class BurstDrain
{
    /// <summary>
    /// Mean context of a sequence in decode when outputs are exponential with mean <paramref name="osl"/>:
    /// E[o (i + o / 2)] / E[o] = i + E[o^2] / (2 E[o]) = i + osl (E[o^2] = 2 osl^2), each request weighted by the steps it
    /// holds a slot for (<see cref="LengthDistribution.MeanContextInFlight"/>'s rule); fixed lengths give i + osl / 2. Long
    /// requests hold their slots longer, so the running batch reads more KV per step than the mean request. The KV
    /// reserved per sequence is unchanged (<see cref="ServingModel.ReservedContextTokens"/>: min(i + osl, 2 x this)).
    /// </summary>
    public static double MeanContextInFlight(double isl, double osl) => isl + osl;

    /// <summary>Levels (running requests) summed one by one.</summary>
    public const int ExactLevels = 16;

    /// <summary>Largest ratio between neighbouring quadrature nodes above <see cref="ExactLevels"/>.</summary>
    public const double NodeRatio = 1.1;

    /// <summary>
    /// K, the most requests that run at once: the batch, or all <paramref name="requests"/> when fewer (whole requests,
    /// at least 1).
    /// </summary>
    public static double TopLevel(double requests, double batch) => Math.Max(1.0, Math.Floor(Math.Min(requests, batch) + 1e-9));

    /// <summary>Quadrature nodes for a drain from <paramref name="top"/> (K, a whole number) running requests.</summary>
    public static int NodeCount(double top) => top <= ExactLevels ? (int)top : ExactLevels + LogSegments(top);

    /// <summary>The <paramref name="j"/>-th node (ascending, 0-based): 1, 2, ..., <see cref="ExactLevels"/>, then log-spaced up to K.</summary>
    public static double Node(double top, int j)
    {
        if (j < ExactLevels || top <= ExactLevels)
        {
            return j + 1;
        }

        // ExactLevels x (K / ExactLevels)^(i / segments), rounded, and at least one above the node before it: near
        // ExactLevels the ratio's step is under one level (16 x 0.1), so the nodes are whole levels there.
        int segments = LogSegments(top);
        int i = j - ExactLevels + 1;
        return i >= segments ? top : Math.Max(ExactLevels + i, Math.Round(ExactLevels * KernelMath.Exp(i * KernelMath.Log(top / ExactLevels) / segments)));
    }

    /// <summary>
    /// Weight of tau at node <paramref name="j"/> in sum_{k=1..K} tau(k) / k (tau linear between nodes). Node 0 (k = 1)
    /// carries tau(1) / 1. A segment (a, b] of the nodes a &lt; b with L = b - a and S = H_b - H_a gives
    /// sum_{k=a+1..b} [tau_a (b - k) + tau_b (k - a)] / (L k) = tau_a (b S - L) / L + tau_b (L - a S) / L:
    /// (L - a S) / L to its right node and (b S - L) / L to its left (0 and 1 / b for a unit segment: the exact term).
    /// </summary>
    public static double Weight(double top, int j)
    {
        int count = NodeCount(top);
        double k = Node(top, j);
        double w = 0;
        if (j == 0)
        {
            w = 1;
        }
        else
        {
            double a = Node(top, j - 1);
            double length = k - a;
            w += (length - (a * HarmonicDifference(a, k))) / length;
        }

        if (j + 1 < count)
        {
            double b = Node(top, j + 1);
            double length = b - k;
            w += ((b * HarmonicDifference(k, b)) - length) / length;
        }

        return w;
    }

    /// <summary>
    /// The run's per-GPU output rate: n / ((n - K) / R(K) + drain), with <paramref name="drainGpuSecondsPerToken"/> =
    /// sum_{k=1..K} 1 / R(k) (= sum_j <see cref="Weight"/> x tau(node j), tau(k) = k / R(k)).
    /// </summary>
    /// <param name="requests">n, the requests each engine instance serves.</param>
    /// <param name="top">K (<see cref="TopLevel"/>).</param>
    /// <param name="rateAtTop">R(K), output tok/s/GPU at batch K.</param>
    /// <param name="drainGpuSecondsPerToken">sum over the drain's levels of 1 / R(k).</param>
    public static double Rate(double requests, double top, double rateAtTop, double drainGpuSecondsPerToken) =>
        requests / ((Math.Max(0.0, requests - top) / rateAtTop) + drainGpuSecondsPerToken);

    /// <summary>H_b - H_a = sum_{k=a+1..b} 1 / k for whole a &lt; b: summed up to 16 terms, else the digamma expansion.</summary>
    public static double HarmonicDifference(double a, double b)
    {
        if (b - a <= 16)
        {
            double s = 0;
            for (double k = a + 1; k <= b + 0.5; k++)
            {
                s += 1.0 / k;
            }

            return s;
        }

        // H_x = ln x + gamma + 1/(2x) - 1/(12x^2) + 1/(120x^4) - 1/(252x^6) + ..., error below 1/(240 x^8): under 1e-12
        // from x = 16 on (a is at least ExactLevels where a segment is longer than 16).
        return KernelMath.Log(b / a) + Tail(b) - Tail(a);
    }

    private static double Tail(double x)
    {
        double x2 = x * x;
        double x4 = x2 * x2;
        return (1.0 / (2.0 * x)) - (1.0 / (12.0 * x2)) + (1.0 / (120.0 * x4)) - (1.0 / (252.0 * x4 * x2));
    }

    /// <summary>Log-spaced segments from <see cref="ExactLevels"/> to K: the fewest whose ratio is at most <see cref="NodeRatio"/>.</summary>
    private static int LogSegments(double top) =>
        top <= ExactLevels ? 0 : Math.Max(1, (int)Math.Ceiling((KernelMath.Log(top / ExactLevels) / KernelMath.Log(NodeRatio)) - 1e-9));
}
