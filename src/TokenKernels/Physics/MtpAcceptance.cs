namespace TokenKernels.Physics;

/// <summary>
/// Multi-token prediction as a chain of drafts: each decode step verifies <c>k</c> drafted tokens, accepts them in order
/// while each succeeds with probability <c>a</c> (independently), stops at the first rejection, and always emits one token
/// of its own. Accepted drafts A per step: P(A &gt;= j) = a^j for j = 0..k, so tokens per step T = 1 + A has mean
/// 1 + a + ... + a^k (the acceptance length <see cref="Packing.PackedDeployment.MtpAcceptanceLength"/> the physics divides
/// a step by) and, from E[T^2] = sum over t &gt;= 1 of (2t - 1) P(T &gt;= t), variance sum_j (2j + 1) a^j - length^2.
/// Kernel-safe.
/// </summary>
internal static class MtpAcceptance
{
    /// <summary>Mean tokens per step of <paramref name="drafts"/> drafts accepted each with probability <paramref name="perDraft"/>: 1 + a + ... + a^k.</summary>
    public static double Length(double perDraft, int drafts)
    {
        double length = 1, chance = 1;
        for (int i = 0; i < drafts; i++)
        {
            chance *= perDraft;
            length += chance;
        }

        return length;
    }

    /// <summary>Variance of the tokens per step: sum_{j=0..k} (2j + 1) a^j - <see cref="Length"/>^2.</summary>
    public static double TokensPerStepVariance(double perDraft, int drafts)
    {
        double second = 1, chance = 1;
        for (int j = 1; j <= drafts; j++)
        {
            chance *= perDraft;
            second += ((2 * j) + 1) * chance;
        }

        double mean = Length(perDraft, drafts);
        return Math.Max(0, second - (mean * mean));
    }

    /// <summary>
    /// The per-draft acceptance a whose <see cref="Length"/> with <paramref name="drafts"/> drafts is <paramref name="length"/>
    /// (in [1, 1 + drafts]; the length grows with a, so bisection): 0 for length 1 or no drafts, 1 for length 1 + drafts.
    /// </summary>
    public static double PerDraft(double length, int drafts)
    {
        if (drafts <= 0 || length <= 1)
        {
            return 0;
        }

        if (length >= 1 + drafts)
        {
            return 1;
        }

        double lo = 0, hi = 1;
        for (int i = 0; i < 64; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Length(mid, drafts) < length)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }
}
