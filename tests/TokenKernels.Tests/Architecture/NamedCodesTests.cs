using TokenKernels.Engine;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Architecture;

/// <summary>
/// Attention kinds, precisions, metrics and axes are enums end to end (the packed structs and the kernels included): a
/// value outside an enum is an input error where the input enters, never a guess (the physics once sized any unknown
/// precision as FP4, 0.5625 B).
/// </summary>
public class NamedCodesTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void UnknownPrecision_IsAnError_NamingTheField(int code)
    {
        var weights = Assert.Throws<ArgumentException>(() => TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { Weights = (Precision)code }, Synthetic.Chat()));
        Assert.Equal(nameof(Deployment.Weights), weights.ParamName);
        var kv = Assert.Throws<ArgumentException>(() => TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { KvCache = (Precision)code }, Synthetic.Chat()));
        Assert.Equal(nameof(Deployment.KvCache), kv.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => new SweepGrid { Hardware = [Synthetic.Gpu()], Models = [Synthetic.Dense()], Gpus = [1], Batch = [1], InputTokens = [100], OutputTokens = [100], Weights = [(Precision)code] }.Compile());

        // Behind the checks the kernel-safe size has no fallback arm to hide a bad code behind.
        Assert.True(double.IsNaN(PrecisionMath.BytesPerElement((Precision)code)));
    }

    [Fact]
    public void KnownPrecisions_HaveTheirSizes()
    {
        // BF16 2 B; FP8 1 B; FP4 4 bits + one 8-bit scale per 16 values = 0.5 + 1/16 = 0.5625 B.
        Assert.Equal(2.0, PrecisionMath.BytesPerElement(Precision.Bf16));
        Assert.Equal(1.0, PrecisionMath.BytesPerElement(Precision.Fp8));
        Assert.Equal(0.5625, PrecisionMath.BytesPerElement(Precision.Fp4));
    }

    [Fact]
    public void UnknownAttentionKind_IsAnError_NamingTheField()
    {
        var model = Synthetic.Dense() with { Attention = Synthetic.Dense().Attention with { Kind = (AttentionKind)2 } };
        var e = Assert.Throws<ArgumentException>(model.Validate);
        Assert.Equal(nameof(AttentionSpec.Kind), e.ParamName);
    }

    [Fact]
    public void UnknownMetric_IsAnError()
    {
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var grid = new SweepGrid { Hardware = [Synthetic.Gpu()], Models = [Synthetic.Dense()], Gpus = [1], Batch = [1], InputTokens = [100], OutputTokens = [100] };
        var e = Assert.Throws<ArgumentException>(() => engine.TopK(grid, (SweepMetric)6, 1));
        Assert.Equal("metric", e.ParamName);
        Assert.True(double.IsNaN(ReductionMath.Metric(default, (SweepMetric)6)));
    }

    [Fact]
    public void AdvanceReportsTheAxisThatChanged()
    {
        // A 2-batch x 2-kv-cache grid: the first step moves the batch digit, the second carries into the KV-cache axis.
        var grid = new SweepGrid { Hardware = [Synthetic.Gpu()], Models = [Synthetic.Dense()], Gpus = [1], Batch = [1, 2], InputTokens = [100], OutputTokens = [100], KvCache = [Precision.Bf16, Precision.Fp8] }.Compile();
        var c = grid.Shape.Decode(0);
        Assert.Equal((int)SweepAxis.Batch, grid.Shape.Advance(ref c));
        Assert.Equal((int)SweepAxis.KvCache, grid.Shape.Advance(ref c));
        Assert.Equal((int)SweepAxis.KvCache, GridShape.LastLayoutAxis);
    }
}
