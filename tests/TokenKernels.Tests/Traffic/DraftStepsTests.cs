using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Physics;
using TokenKernels.Traffic;
using TokenKernels.Workloads;
using Xunit;

namespace TokenKernels.Tests.Traffic;

/// <summary>
/// MTP acceptance drawn per step (<see cref="DraftSteps"/>) against the chain model by hand: each of k drafts accepted
/// with probability a until the first rejection, so a step emits T = 1 + A tokens with P(T &gt;= j + 1) = a^j, j = 0..k.
/// </summary>
public class DraftStepsTests
{
    [Fact]
    public void ChainModel_MeanAndVarianceByHand()
    {
        // a = 0.5, k = 2: T = 1, 2, 3 with probabilities 1/2, 1/4, 1/4. Mean 1/2 + 2/4 + 3/4 = 1.75; E[T^2] = 1/2 + 4/4 + 9/4 =
        // 3.75; variance 3.75 - 1.75^2 = 0.6875.
        Assert.Equal(1.75, MtpAcceptance.Length(0.5, 2), 12);
        Assert.Equal(0.6875, MtpAcceptance.TokensPerStepVariance(0.5, 2), 12);

        // a = 0.83, k = 3: 1 + 0.83 + 0.6889 + 0.571787 = 3.090687 (the planner's default, "3.09 for 3 drafts").
        Assert.Equal(3.090687, MtpAcceptance.Length(0.83, 3), 9);

        // Corners: no drafts, or a = 0, is one token with no variance; a = 1 is k + 1 tokens with no variance.
        Assert.Equal(1, MtpAcceptance.Length(0.7, 0));
        Assert.Equal(0, MtpAcceptance.TokensPerStepVariance(0.7, 0), 12);
        Assert.Equal(0, MtpAcceptance.TokensPerStepVariance(0, 3), 12);
        Assert.Equal(4, MtpAcceptance.Length(1, 3));
        Assert.Equal(0, MtpAcceptance.TokensPerStepVariance(1, 3), 12);
        Assert.Equal(0.5, MtpAcceptance.PerDraft(1.75, 2), 9);
        Assert.Equal(0, MtpAcceptance.PerDraft(1, 2));
        Assert.Equal(1, MtpAcceptance.PerDraft(3, 2));
    }

    [Fact]
    public void OneStepDraws_HaveTheChainsMeanAndVariance()
    {
        // 200,000 steps at a = 0.5, k = 2: mean 1.75 (standard error 0.83 / sqrt(200,000) = 0.0019, bound 0.01) and
        // variance 0.6875 (relative standard error sqrt(2 / n) ~ 0.3% plus the kurtosis term, bound 3%).
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        var counts = new int[4];
        for (int i = 0; i < n; i++)
        {
            double t = DraftSteps.StepTokens(CounterRng.Uniform(3, 5, (ulong)i), 0.5, 2);
            sum += t;
            sumSq += t * t;
            counts[(int)t]++;
        }

        double mean = sum / n;
        Assert.InRange(mean, 1.74, 1.76);
        Assert.InRange(((sumSq / n) - (mean * mean)) / 0.6875, 0.97, 1.03);
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1] / (double)n, 0.495, 0.505); // P(T = 1) = 1/2
    }

    [Fact]
    public void LongOutputs_StepCountFollowsRenewalTheory_AndTokensPerStepIsThePhysicsLength()
    {
        // R = 10,000 tokens at a = 0.5, k = 2 (mean mu = 1.75 per step, variance 0.6875). N = the first n with S_n >= R,
        // so R <= S_N <= R + k and by Wald's identity E[N] = E[S_N] / mu lies in [R / mu, (R + k) / mu] = [5714.29, 5715.43].
        // Renewal CLT: Var N ~ R sigma^2 / mu^3 = 10,000 x 0.6875 / 5.359375 = 1282.8. 20,000 draws: the mean's standard
        // error is sqrt(1282.8 / 20,000) = 0.25 (bound 1.3 beyond Wald's interval); the variance's ~1% (bound 5%).
        // Tokens per step R / E[N] is then within [1.7497, 1.7500] of the physics' acceptance length 1.75.
        const int n = 20_000;
        double length = MtpAcceptance.Length(0.5, 2), variance = MtpAcceptance.TokensPerStepVariance(0.5, 2);
        var steps = Enumerable.Range(0, n).Select(i => DraftSteps.Steps(10_000, 0.5, 2, length, variance, 11, 0, (ulong)i * DraftSteps.CountersPerDraw)).ToList();
        double mean = steps.Average();
        double var = steps.Average(x => (x - mean) * (x - mean));
        Assert.InRange(mean, 5714.29 - 1.3, 5715.43 + 1.3);
        Assert.InRange(var / 1282.8, 0.95, 1.05);
        Assert.InRange(10_000 / mean, 1.7493, 1.7504);
    }

    [Fact]
    public void ShortOutputs_StepCountIsExact()
    {
        // a = 0.5, k = 1: a step emits 1 or 2 tokens, each with probability 1/2. For R = 3: first step 2 tokens (1/2), then
        // any step ends it: N = 2; first step 1 token (1/2), then 2 tokens (1/4): N = 2, or 1 token (1/4): N = 3.
        // P(N = 2) = 3/4, P(N = 3) = 1/4: mean 2.25, variance 4 x 3/4 + 9 x 1/4 - 2.25^2 = 0.1875. 40,000 draws: standard
        // error of the mean 0.0022 (bound 0.01).
        const int n = 40_000;
        double length = MtpAcceptance.Length(0.5, 1), variance = MtpAcceptance.TokensPerStepVariance(0.5, 1);
        var steps = Enumerable.Range(0, n).Select(i => DraftSteps.Steps(3, 0.5, 1, length, variance, 2, 9, (ulong)i * DraftSteps.CountersPerDraw)).ToList();
        Assert.All(steps, s => Assert.InRange(s, 2, 3));
        Assert.InRange(steps.Average(), 2.24, 2.26);
        Assert.InRange(steps.Count(s => s == 3) / (double)n, 0.24, 0.26);
    }

    private static Arbitrary<(double PerDraft, int Drafts, int Tokens)> Draws() =>
        (from a in Gen.Elements(0.0, 0.0, 1.0, 1.0, 0.3, 0.83, 0.999, 0.001)
         from k in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Constant(1)), (3, Gen.Choose(2, 7)))
         from r in Gen.Frequency((3, Gen.Choose(1, 8)), (3, Gen.Choose(9, 2_000)), (1, Gen.Choose(2_001, 200_000)))
         select (a, k, r)).ToArbitrary();

    [Property(MaxTest = 400)]
    public Property StepCount_LiesBetweenAllDraftsAndNone_AndIsExactAtTheCorners() => Prop.ForAll(Draws(), x =>
    {
        // Each step emits 1 to k + 1 tokens, so ceil(R / (k + 1)) <= N <= R; with no drafts or a = 0 every step emits 1
        // (N = R); with a = 1 every step emits k + 1 (N = ceil(R / (k + 1))).
        var (a, k, r) = x;
        double n = DraftSteps.Steps(r, a, k, MtpAcceptance.Length(a, k), MtpAcceptance.TokensPerStepVariance(a, k), 1, 2, 4096 * 7);
        double fewest = Math.Ceiling(r / (k + 1.0));
        bool exact = k == 0 || a == 0 ? n == r : a == 1 ? n == fewest : true;
        return (n >= fewest && n <= r && n == Math.Floor(n) && exact).Label($"N = {n} for R = {r}, k = {k}, a = {a}");
    });

    [Property(MaxTest = 200)]
    public Property PerDraft_InvertsLength() => Prop.ForAll(
        Gen.Choose(0, 1000).Select(i => i / 1000.0).ToArbitrary(), Gen.Choose(1, 7).ToArbitrary(), (a, k) =>
        Math.Abs(MtpAcceptance.PerDraft(MtpAcceptance.Length(a, k), k) - a) <= 1e-6);
}
