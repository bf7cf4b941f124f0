using TokenKernels.Physics;
using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>
/// MTP drawn per step without stepping one at a time: how many decode steps a sequence needs for its remaining tokens
/// when every step emits T = 1 + A tokens, A the drafts accepted (<see cref="MtpAcceptance"/>: P(A &gt;= j) = a^j, at most
/// k), independently per step and per sequence. The count is drawn once when the sequence starts decoding, so the loop
/// still advances all steps between two events at once. Kernel-safe.
/// </summary>
/// <remarks>
/// Exact in distribution for the last steps: each step's tokens come from one uniform u, A = the number of j in 1..k with
/// u &lt;= a^j (P(A &gt;= j) = a^j). Long outputs first take blocks of m steps at once: the tokens of m steps are a sum of
/// m independent T, drawn as a normal of the exact mean m x length and variance m x Var T rounded to a whole number (the
/// only approximation, the shape of a sum of at least <see cref="MinBlock"/> bounded terms); a block is only taken while 6
/// standard deviations plus one step's tokens still fall short of the remaining tokens, so the last token always lies in
/// the exact part. Draw cost: a few normals plus a few dozen uniforms per sequence, whatever its length.
/// </remarks>
internal static class DraftSteps
{
    /// <summary>Fewest steps a block of normal-approximated steps holds.</summary>
    public const double MinBlock = 16;

    /// <summary>Counters one draw may use (from its base).</summary>
    public const ulong CountersPerDraw = 4096;

    /// <summary>Tokens one step emits for uniform <paramref name="u"/>: 1 + the number of j in 1..k with u &lt;= a^j (P(A &gt;= j) = a^j), no logarithm.</summary>
    public static double StepTokens(double u, double perDraft, int drafts)
    {
        double tokens = 1, chance = 1;
        for (int j = 0; j < drafts; j++)
        {
            chance *= perDraft;
            if (u > chance)
            {
                break;
            }

            tokens++;
        }

        return tokens;
    }

    /// <summary>
    /// Steps until <paramref name="tokens"/> (a whole number, at least 1) tokens are emitted, with <paramref name="drafts"/>
    /// drafts accepted each with probability <paramref name="perDraft"/> (mean tokens per step <paramref name="length"/>,
    /// variance <paramref name="variance"/>), from counters [counter, counter + <see cref="CountersPerDraw"/>) of (seed, stream).
    /// </summary>
    public static double Steps(double tokens, double perDraft, int drafts, double length, double variance, ulong seed, ulong stream, ulong counter)
    {
        if (drafts <= 0 || perDraft <= 0)
        {
            return tokens;
        }

        if (perDraft >= 1)
        {
            return Math.Ceiling(tokens / (drafts + 1));
        }

        double steps = 0, left = tokens, sd = Math.Sqrt(variance);
        ulong used = 0;
        while (used + 6 < CountersPerDraw / 2)
        {
            double m = Math.Floor((left - (6 * sd * Math.Sqrt(left / length)) - (drafts + 1)) / length);
            if (m < MinBlock)
            {
                break;
            }

            double sum = Math.Round((m * length) + (Math.Sqrt(m * variance) * SamplingMath.PolarNormal(seed, stream, counter + used)));
            used += 6;
            sum = Math.Min(Math.Max(sum, m), Math.Min(m * (drafts + 1), left - 1));
            steps += m;
            left -= sum;
        }

        while (left > 0 && used < CountersPerDraw)
        {
            left -= StepTokens(CounterRng.Uniform(seed, stream, counter + used), perDraft, drafts);
            used++;
            steps++;
        }

        // Out of counters (not reached: the exact part is a few dozen steps): the rest at the mean.
        return left > 0 ? steps + Math.Ceiling(left / length) : steps;
    }
}
