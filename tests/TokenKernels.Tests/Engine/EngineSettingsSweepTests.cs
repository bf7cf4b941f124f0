using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// The grid-wide engine settings <see cref="SweepGrid.CudaGraphs"/> and <see cref="SweepGrid.AttentionDpBalance"/> reach
/// every point: a swept point equals <see cref="TokenCost.Evaluate"/> of the same deployment with the setting (scalar
/// path), and differs from the point without it (so the setting is read, not merely carried). The device kernels are
/// held to the scalar path by <see cref="DeviceValueTests"/>, whose random grids switch both settings.
/// </summary>
public sealed class EngineSettingsSweepTests(ScalarEngine fixture) : IClassFixture<ScalarEngine>
{
    /// <summary>DeepSeek-R1 colocated on 8 H200, attention DP8 with EP8, batch 256 per instance, 8k in / 1k out.</summary>
    internal static SweepGrid DeepSeekDp8() => new()
    {
        Hardware = [BuiltInCatalog.GetHardware("h200")],
        Models = [BuiltInCatalog.GetModel("deepseek-r1")],
        Gpus = [8],
        Tp = [1],
        Ep = [8],
        Dp = [8],
        Weights = [Precision.Fp8],
        KvCache = [Precision.Bf16],
        Batch = [256],
        InputTokens = [8192],
        OutputTokens = [1024],
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void SweptPoint_EqualsTheSinglePointApi_WithTheSameSettings(bool eager, bool balanced)
    {
        var grid = DeepSeekDp8() with { CudaGraphs = !eager, AttentionDpBalance = balanced };
        var swept = Assert.Single(fixture.Engine.Frontier(grid).Value);

        var deployment = new Deployment
        {
            Gpus = 8, Tp = 1, Ep = 8, Dp = 8, Weights = Precision.Fp8, KvCache = Precision.Bf16, Batch = 256,
            CudaGraphs = !eager, AttentionDpBalance = balanced,
        };
        var expected = TokenCost.Evaluate(grid.Hardware[0], grid.Models[0], deployment, new Workload { InputTokens = 8192, OutputTokens = 1024 });
        Assert.True(expected.Feasible);
        Assert.Equal(expected, swept.Metrics);

        // Each setting moves the point its own way, the other held: eager decode is slower per token, balance raises throughput.
        if (eager)
        {
            var graphs = Assert.Single(fixture.Engine.Frontier(grid with { CudaGraphs = true }).Value).Metrics;
            Assert.True(swept.Metrics.Tpot.Seconds > graphs.Tpot.Seconds);
        }

        if (balanced)
        {
            var unbalanced = Assert.Single(fixture.Engine.Frontier(grid with { AttentionDpBalance = false }).Value).Metrics;
            Assert.True(swept.Metrics.TotalTokSGpu > unbalanced.TotalTokSGpu);
        }
    }

    /// <summary>
    /// The layout search ranks its grid with the template's settings: with balance it finds a layout that beats, under
    /// balance, the layout it finds without (were the setting dropped from its grid, both searches would pick the same).
    /// Batch 128: with the shipped profile both searches pick TP2 x DP2 at batch 256 (hopper_block_fp8_stream_scale moved
    /// the plain search there), TP4 (plain) and TP4 x DP2 with EP8 (balanced, no CUDA graphs) at 128.
    /// </summary>
    [Fact]
    public void LayoutSearch_RanksWithTheTemplatesSettings()
    {
        var model = BuiltInCatalog.GetModel("deepseek-r1");
        var hardware = BuiltInCatalog.GetHardware("h200");
        var workload = new Workload { InputTokens = 8192, OutputTokens = 1024 };
        var template = new Deployment { Gpus = 8, Batch = 128, Weights = Precision.Fp8 };
        var plain = Layouts.Best(hardware, model, 8, template, workload, disaggregated: false);
        var balanced = Layouts.Best(hardware, model, 8, template with { AttentionDpBalance = true, CudaGraphs = false }, workload, disaggregated: false);

        Assert.NotNull(plain);
        Assert.NotNull(balanced);
        Assert.True(balanced.Deployment.AttentionDpBalance);
        Assert.False(balanced.Deployment.CudaGraphs);
        var plainLayoutBalanced = TokenCost.Evaluate(hardware, model, plain.Deployment with { AttentionDpBalance = true, CudaGraphs = false }, workload);
        Assert.True(
            balanced.Point.TotalTokSGpu > plainLayoutBalanced.TotalTokSGpu,
            $"balanced search {balanced.Point.TotalTokSGpu} vs the plain search's layout under balance {plainLayoutBalanced.TotalTokSGpu}");
    }
}
