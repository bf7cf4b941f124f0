using TokenKernels.Catalog;
using TokenKernels.Cli.Output;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>
/// The time a sweep announces before it starts: samples that look like the grid (every batch of each layout and length
/// pair they keep, spread over the other axes), and a cost per configuration from the difference of two samples, so a
/// cost per run (grid compilation, threads, the first samples' unoptimised code) is not charged per configuration.
/// </summary>
public class SweepEstimateTests
{
    // The README's DeepSeek-V3 grid: 5 accelerators x gpus {8,16} x tp {1,8} x ep {8,16} x 3,073 prompt lengths
    // (1024..4096) x 4,096 batches = 5 x 8 x 3,073 x 4,096 = 503,480,320 configurations.
    private static readonly string[] ReadmeHardware = ["h100-sxm", "h200", "b200", "mi300x", "mi355x"];

    private static SweepGrid Readme() => new()
    {
        Hardware = [.. ReadmeHardware.Select(BuiltInCatalog.GetHardware)],
        Models = [BuiltInCatalog.GetModel("deepseek-v3")],
        Gpus = [8, 16],
        Tp = [1, 8],
        Ep = [8, 16],
        Batch = [.. Enumerable.Range(1, 4096)],
        InputTokens = [.. Enumerable.Range(1024, 3073)],
        OutputTokens = [1024],
    };

    [Fact]
    public void Sample_KeepsEveryBatchAndLayout_AndSpreadsThePromptLengths()
    {
        var grid = Readme();
        Assert.Equal(503_480_320, grid.Count);

        // Halving the longest axis, prompt lengths 3,073 -> 1,537 -> 769 -> 385 -> 193 -> 97 -> 49 -> 25 -> 13 -> 7
        // (the other axes have at most 5 values): 13 x 40 layouts x 4,096 = 2,129,920 is over 1.6e6, 7 x 40 x 4,096 =
        // 1,146,880 is under. Seven values spread
        // over 1024..4096 step (4096 - 1024) / 6 = 512.
        var sample = SweepRun.SampleOf(grid, 1_600_000);
        Assert.Equal(1_146_880, sample.Count);
        Assert.Equal(grid.Batch, sample.Batch);
        Assert.Equal(grid.Hardware, sample.Hardware);
        Assert.Equal([8, 16], sample.Gpus);
        Assert.Equal([1024, 1536, 2048, 2560, 3072, 3584, 4096], sample.InputTokens);
    }

    [Fact]
    public void Sample_ThinsTheBatchAxisOnlyWhenEveryOtherAxisIsDownToOneValue()
    {
        // Target 1,000 < 4,096 batches: every other axis ends at one value (the middle one of an even pair: index 1),
        // then 1,000 batches spread over 1..4096, ends included.
        var sample = SweepRun.SampleOf(Readme(), 1000);
        Assert.Equal(1000, sample.Count);
        Assert.Single(sample.Hardware);
        Assert.Single(sample.InputTokens);
        Assert.Equal(1, sample.Batch[0]);
        Assert.Equal(4096, sample.Batch[^1]);
    }

    [Fact]
    public void Sample_OfAGridUnderTheTarget_IsTheGrid()
    {
        var grid = Readme() with { InputTokens = [1024], Hardware = [BuiltInCatalog.GetHardware("h200")] };
        Assert.Same(grid, SweepRun.SampleOf(grid, grid.Count));
    }

    [Fact]
    public void Estimate_SeparatesACostPerRunFromTheCostPerConfiguration()
    {
        // A sweep that costs 0.2 s per run plus 1e-8 s per configuration, and 1 s more on its first run (compiling code).
        // The whole grid then takes 0.2 + 1e-8 x 503,480,320 = 5.2348032 s. Timing the first sample alone (65,536
        // configurations in 1.2 s) would have announced 2.6 hours.
        var grid = Readme();
        var (seconds, last, sampled) = Estimate(grid, perRun: 0.2, perConfig: 1e-8);
        Assert.Equal(5.2348032, seconds, 1e-9);
        Assert.Equal(sampled[^1], last);
        Assert.True(sampled.Sum() <= grid.Count / 20, $"sampled {sampled.Sum():N0} configurations, more than a twentieth of the grid");
    }

    [Fact]
    public void Estimate_StopsAtALongSampleOfAHundredthOfTheGrid()
    {
        // 0.01 s per run + 1e-6 s per configuration. Halving the longest axis (ties: the first listed, prompt lengths),
        // the samples for targets 1e5 x 4^k are 1 length x 2 accelerators x 8 x 4,096 = 65,536, 4 x 3 x 8 x 4,096 =
        // 393,216, then 7, 25 and 97 lengths x 40 layouts x 4,096 = 1,146,880, 4,096,000 and 15,892,480 configurations,
        // taking 1.0755 (with 1 s of compiling), 0.4032, 1.1569, 4.106 and 15.90 s. The third is already over 0.15 s and
        // 1.5x the second, but under a hundredth of the grid (5,034,803); the fifth is all three, so it stops there:
        // (15.90 - 4.106) / (15,892,480 - 4,096,000) = 1e-6 s per configuration, 0.01 s per run.
        var (seconds, _, sampled) = Estimate(Readme(), perRun: 0.01, perConfig: 1e-6);
        Assert.Equal([65_536, 393_216, 1_146_880, 4_096_000, 15_892_480], sampled);
        Assert.Equal(0.01 + (1e-6 * 503_480_320), seconds, 1e-6);
    }

    /// <summary>The estimate for a sweep costing <paramref name="perRun"/> + <paramref name="perConfig"/> x size seconds, and 1 s more on its first run (compiling code); with the sizes sampled.</summary>
    private static (double Seconds, long Last, List<long> Sampled) Estimate(SweepGrid grid, double perRun, double perConfig)
    {
        var sampled = new List<long>();
        var (seconds, last) = SweepRun.Estimate(grid, g =>
        {
            sampled.Add(g.Count);
            return perRun + (perConfig * g.Count) + (sampled.Count == 1 ? 1.0 : 0.0);
        });
        return (seconds, last, sampled);
    }
}
