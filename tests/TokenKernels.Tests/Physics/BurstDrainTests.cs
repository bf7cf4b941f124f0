using TokenKernels.Calibration;
using TokenKernels.Packing;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Physics;

/// <summary>A burst with exponential output lengths (<see cref="BurstDrain"/>): the drain formula and its quadrature.</summary>
public class BurstDrainTests
{
    /// <summary>sum_{k=1..K} tau(k) / k by the quadrature, tau given at the nodes.</summary>
    private static double Quadrature(double top, Func<double, double> tau)
    {
        double sum = 0;
        for (int j = 0; j < BurstDrain.NodeCount(top); j++)
        {
            sum += BurstDrain.Weight(top, j) * tau(BurstDrain.Node(top, j));
        }

        return sum;
    }

    /// <summary>The same sum level by level.</summary>
    private static double Exact(double top, Func<double, double> tau)
    {
        double sum = 0;
        for (int k = 1; k <= top; k++)
        {
            sum += tau(k) / k;
        }

        return sum;
    }

    [Fact]
    public void HandSums_FourRequestsThroughABatchOfTwo()
    {
        // A constant output rate R(k) = 2 tok/s/GPU (a step's whole cost is per token, tau(k) = k / 2): the run's rate is R,
        // the drain costs nothing. GPU-seconds per output token: (n - K) / R(K) + 1 / R(1) + 1 / R(2) = 1 + 0.5 + 0.5 = 2
        // for n = 4 tokens' worth (per osl): 4 / 2 = 2 tok/s/GPU.
        double constant = Quadrature(2, k => k / 2.0);
        Assert.Equal(1.0, constant, 12);
        Assert.Equal(2.0, BurstDrain.Rate(4, 2, 2.0, constant), 12);

        // A step with a fixed part, tau(k) = 1 + k GPU-s per step (R(k) = k / (1 + k)): tau(1) = 2, tau(2) = 3.
        // Steady: n - K = 2 completions at batch 2, (n - K) / R(2) = 2 x 3 / 2 = 3. Drain: tau(2) / 2 + tau(1) / 1 = 1.5 + 2
        // = 3.5. Rate 4 / (3 + 3.5) = 4 / 6.5 = 0.6153846.
        double linear = Quadrature(2, k => 1 + k);
        Assert.Equal(3.5, linear, 12);
        double exponential = BurstDrain.Rate(4, 2, 2.0 / 3.0, linear);
        Assert.Equal(4 / 6.5, exponential, 12);

        // Equal lengths (RowPredictor's cohorts), the same steps: two waves of 2, each 2 / R(2) = 3 GPU-s per osl,
        // 4 / (2 x 3) = 0.6666667: faster, because the exponential drain runs its last request alone.
        double equal = 4 / (2 * 2 / (2.0 / 3.0));
        Assert.Equal(4 / 6.0, equal, 12);
        Assert.True(exponential < equal);
    }

    [Fact]
    public void Nodes_AreEveryLevelUpToSixteen_ThenLogSpacedToTheBatch()
    {
        // K = 4,360 (the planner's batch for tech blog 10's 8 GB200): ln(4360 / 16) / ln 1.1 = 58.8, so 59 log segments
        // above the 16 exact levels, 75 nodes; a batch of 16 or less is summed level by level; 17 = 16 + one segment.
        Assert.Equal(75, BurstDrain.NodeCount(4360));
        Assert.Equal(16, BurstDrain.NodeCount(16));
        Assert.Equal(5, BurstDrain.NodeCount(5));
        Assert.Equal(17, BurstDrain.NodeCount(17));
        Assert.Equal(17, BurstDrain.Node(17, 16));
        Assert.Equal(Enumerable.Range(1, 16).Select(k => (double)k), Enumerable.Range(0, 16).Select(j => BurstDrain.Node(4360, j)));

        // Every K up to 5,000: nodes whole, strictly rising, never more than 1.1x (+ 1 for rounding) apart, ending at K.
        for (int top = 1; top <= 5000; top++)
        {
            int count = BurstDrain.NodeCount(top);
            Assert.Equal(top, BurstDrain.Node(top, count - 1));
            Assert.Equal(1, BurstDrain.Node(top, 0));
            for (int j = 1; j < count; j++)
            {
                double a = BurstDrain.Node(top, j - 1), b = BurstDrain.Node(top, j);
                Assert.True(b > a && b == Math.Round(b) && b <= (1.1 * a) + 1, $"K {top}, node {j}: {a} -> {b}");
            }
        }

        Assert.Equal(3.0, BurstDrain.TopLevel(3.7, 4360));
        Assert.Equal(4360, BurstDrain.TopLevel(16000, 4360));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(4360)]
    [InlineData(65536)]
    public void Quadrature_IsExact_ForAStepLinearInTheBatch(int top)
    {
        // tau(k) = a + b k: sum_k tau(k) / k = a H_K + b K, whatever the nodes (the interpolant is tau itself).
        double harmonic = Exact(top, _ => 1.0);
        Tolerance.Near(harmonic, Quadrature(top, _ => 1.0), relative: 1e-12);
        Tolerance.Near(top, Quadrature(top, k => k), relative: 1e-12);
        Tolerance.Near((0.013 * harmonic) + (4e-5 * top), Quadrature(top, k => 0.013 + (4e-5 * k)), relative: 1e-12);
    }

    [Fact]
    public void Quadrature_AgainstTheExactSum_OnCurvedAndKinkedSteps()
    {
        // Steps the linear interpolant does not reproduce, K = 4,360: a roofline kink (tau = max(1 + k / 100, k / 50), memory-
        // bound below k = 100, compute-bound above) and a concave step (1 + sqrt k: the experts read grow slower than the
        // batch). Measured relative errors of the quadrature: kink +1.1e-5, sqrt -1.7e-4; asserted within 2e-4 and 5e-4.
        Func<double, double> kink = k => Math.Max(1 + (k / 100), k / 50);
        Func<double, double> concave = k => 1 + Math.Sqrt(k);
        Tolerance.Near(Exact(4360, kink), Quadrature(4360, kink), relative: 2e-4);
        Tolerance.Near(Exact(4360, concave), Quadrature(4360, concave), relative: 5e-4);
    }

    [Fact]
    public void Quadrature_AgainstTheExactSum_OnTheEnginesOwnSteps()
    {
        // The step the calibration sums: DeepSeek-V3 on 8 GB200, attention DP8 + EP8, FP8 weights and cache, 803 in / 3,653
        // out (tech blog 10's run), colocated, at the priors: 1 / R(k) from ServeBatch at every batch from 1 to the
        // planner's 4,360 (4,360 evaluations) against the quadrature's 75. Measured: -1.1e-5 relative; asserted within 1e-4.
        var profile = ProfilePacker.Pack(EfficiencyProfile.Priors);
        var hw = HardwarePacker.Pack(BuiltInCatalog.GetHardware("gb200"));
        var m = ModelPacker.Pack(BuiltInCatalog.GetModel("deepseek-v3"));
        var d = new PackedDeployment
        {
            InstanceGpus = 8, Tp = 1, Dp = 8, Ep = 8, Pp = 1, WeightPrecision = Precision.Fp8, KvPrecision = Precision.Fp8,
            InputTokens = 803, OutputTokens = 3653, PrefillChunkTokens = new Deployment { Gpus = 1, Batch = 1 }.PrefillChunkTokens,
            MtpAcceptanceLength = 1, Batch = 1,
        };
        var prepared = ServingModel.Prepare(hw, m, d, profile);
        Assert.Equal(0, prepared.Reason);
        var load = ServingModel.PrepareLoad(prepared, m, d);
        double Tau(double k)
        {
            var at = d;
            at.Batch = k;
            var r = ServingModel.ServeBatch(prepared, load, m, at);
            Assert.True(r.Feasible);
            return k / r.OutputTokSGpu;
        }

        double quadrature = Quadrature(4360, Tau);
        Tolerance.Near(Exact(4360, Tau), quadrature, relative: 1e-4);

        // The drain is dear there: a step at batch 1 costs 10 ms (tau(1) = 0.082 GPU-s on 8 GPUs) against 80 ms at 4,360
        // (0.644), so 16,000 requests with exponential outputs run at 0.68 of the steady rate R(4360); asserted below 0.8.
        double steady = 4360 / Tau(4360);
        Assert.InRange(BurstDrain.Rate(16000, 4360, steady, quadrature) / steady, 0.5, 0.8);
    }

    [Fact]
    public void HarmonicDifference_MatchesTheDirectSum()
    {
        // Up to 16 terms summed; beyond, the digamma expansion to x^-6 (error below 1 / (240 x^8), 1e-12 at x = 16).
        foreach (var (a, b) in new[] { (1.0, 2.0), (16.0, 20.0), (16.0, 33.0), (100.0, 125.0), (3964.0, 4360.0) })
        {
            double direct = 0;
            for (double k = a + 1; k <= b; k++)
            {
                direct += 1 / k;
            }

            Tolerance.Near(direct, BurstDrain.HarmonicDifference(a, b), relative: 1e-11, what: $"H_{b} - H_{a}");
        }
    }
}
