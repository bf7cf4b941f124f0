using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Physics;

/// <summary>Bad input to the single-point API throws an ArgumentException that names the offending value.</summary>
public class ValidationTests
{
    private static string? ParamOf(Deployment? deployment = null, Workload? workload = null, EfficiencyProfile? profile = null, HardwareSpec? hardware = null, ModelSpec? model = null) =>
        Assert.ThrowsAny<ArgumentException>(() => TokenCost.Evaluate(
            hardware ?? Synthetic.Gpu(), model ?? Synthetic.Dense(), deployment ?? Synthetic.OneGpu(), workload ?? Synthetic.Chat(), profile ?? Synthetic.Roofline())).ParamName;

    [Fact]
    public void Deployment_OutOfRange()
    {
        Assert.Equal("Batch", ParamOf(Synthetic.OneGpu() with { Batch = 0 }));
        Assert.Equal("Gpus", ParamOf(Synthetic.OneGpu() with { Gpus = 0 }));
        Assert.Equal("Ep", ParamOf(Synthetic.OneGpu() with { Ep = 0 }));
        Assert.Equal("MtpAcceptanceLength", ParamOf(Synthetic.OneGpu() with { MtpDraftTokens = 1, MtpAcceptanceLength = 2.5 }));
        Assert.Equal("MtpAcceptanceLength", ParamOf(Synthetic.OneGpu() with { MtpAcceptanceLength = 0.5 }));
        Assert.Equal("Gpus", ParamOf(Synthetic.OneGpu() with { Gpus = 3, Disaggregated = true, PrefillGpus = 1, DecodeGpus = 1 }));
        Assert.Equal("PrefillGpus", ParamOf(Synthetic.OneGpu() with { Gpus = 1, Disaggregated = true, PrefillGpus = 0, DecodeGpus = 1 }));
    }

    [Fact]
    public void Workload_OutOfRange()
    {
        Assert.Equal("InputTokens", ParamOf(workload: new Workload { InputTokens = 0, OutputTokens = 10 }));
        Assert.Equal("OutputTokens", ParamOf(workload: new Workload { InputTokens = 10, OutputTokens = 0 }));
        Assert.Equal("PrefixCacheHit", ParamOf(workload: new Workload { InputTokens = 10, OutputTokens = 10, PrefixCacheHit = 1.0 }));
        Assert.Equal("PrefixCacheHit", ParamOf(workload: new Workload { InputTokens = 10, OutputTokens = 10, PrefixCacheHit = double.NaN }));
    }

    [Fact]
    public void Specs_OutOfRange()
    {
        Assert.Equal("DecodeComputeEfficiency", ParamOf(profile: Synthetic.Roofline() with { DecodeComputeEfficiency = 0 }));
        Assert.Equal("MoeImbalance", ParamOf(profile: Synthetic.Roofline() with { MoeImbalance = 0.5 }));
        Assert.Equal("MemoryBandwidth", ParamOf(hardware: Synthetic.Gpu(hbmBytesPerSecond: double.NaN)));
        Assert.Equal("KvHeads", ParamOf(model: Synthetic.Dense() with { Attention = Synthetic.Dense().Attention with { KvHeads = 3 } }));
        Assert.Equal("DenseLayers", ParamOf(model: Synthetic.Dense() with { DenseLayers = 5 }));
    }

    [Fact]
    public void InfeasibleLayouts_AreFlaggedNotThrown()
    {
        var point = (Deployment d) => TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), d, Synthetic.Chat(), Synthetic.Roofline());

        // 10 query heads do not split 4 ways; tp 2 x dp 2 is not 3 GPUs; a dense model has no experts to spread.
        Assert.Equal(InfeasibleReason.TpDoesNotDivideHeads, point(Synthetic.OneGpu() with { Gpus = 4, Tp = 4 }).Reason);
        Assert.Equal(InfeasibleReason.LayoutMismatch, point(Synthetic.OneGpu() with { Gpus = 3, Tp = 2, Dp = 2 }).Reason);
        Assert.Equal(InfeasibleReason.EpExceedsExperts, point(Synthetic.OneGpu() with { Gpus = 2, Tp = 2, Ep = 2 }).Reason);
        Assert.Equal(InfeasibleReason.ContextExceedsModel, TokenCost.Evaluate(
            Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu(), new Workload { InputTokens = 100_000, OutputTokens = 1 }, Synthetic.Roofline()).Reason);
        Assert.Equal("kv_cache_exceeds_memory", InfeasibleReason.KvCacheExceedsMemory.ToCode());
    }
}
