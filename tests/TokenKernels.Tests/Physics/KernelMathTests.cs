using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Physics;

/// <summary>
/// <see cref="KernelMath"/> against .NET's correctly rounded-or-nearly <see cref="Math.Exp"/>, <see cref="Math.Log(double)"/> and
/// <see cref="Math.Pow(double, double)"/> within <see cref="Tolerance.KernelMath"/>, over the ranges the physics uses (expert miss logs
/// ln(1 - k/E) in [-ln 2, -1e-4], token counts up to 1e7, so exp of [-1e7 ln2, 0]; pow of (1 - 1/D)^k) and the corners.
/// </summary>
public sealed class KernelMathTests
{
    // Corners: exact values IEEE-754 defines (exp(0) = 1, ln 1 = 0), the overflow and underflow edges, subnormals.
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(710.0, double.PositiveInfinity)]
    [InlineData(-746.0, 0.0)]
    public void Exp_Corners(double x, double expected) => Assert.Equal(expected, KernelMath.Exp(x));

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    public void Log_Corners(double x, double expected) => Assert.Equal(expected, KernelMath.Log(x));

    [Fact]
    public void NaNAndNegativeInputs_GiveNaN()
    {
        Assert.True(double.IsNaN(KernelMath.Exp(double.NaN)));
        Assert.True(double.IsNaN(KernelMath.Log(double.NaN)));
        Assert.True(double.IsNaN(KernelMath.Log(-1)));
        Assert.True(double.IsNaN(KernelMath.Pow(-2, 0.5)));
    }

    [Theory]
    [InlineData(709.782712893383)] // just under ln(double.MaxValue): finite, near MaxValue
    [InlineData(-708.39)]          // smallest normal results
    [InlineData(-744.4)]           // subnormal results: relative error grows as bits run out, so compared absolutely
    [InlineData(1e-300)]
    [InlineData(-0.34657359027997264)] // -ln2/2: the edge of the reduced range
    [InlineData(0.34657359027997264)]
    public void Exp_EdgesOfTheRange(double x) => Tolerance.KernelMathNear(Math.Exp(x), KernelMath.Exp(x), $"exp({x:R})");

    [Theory]
    [InlineData(double.Epsilon)]       // smallest subnormal
    [InlineData(2.2250738585072014e-308)] // smallest normal
    [InlineData(double.MaxValue)]
    [InlineData(1.4142135623730951)]  // sqrt 2: where the mantissa is halved
    [InlineData(0.70710678118654746)]
    [InlineData(1.0000000000000002)]  // next to 1: ln is tiny, relative error must hold
    [InlineData(0.99609375)]          // 1 - 1/256: DeepSeek-V3's one expert out of 256
    [InlineData(0.5)]
    public void Log_EdgesOfTheRange(double x) => Tolerance.KernelMathNear(Math.Log(x), KernelMath.Log(x), $"log({x:R})");

    [Property(MaxTest = 2000)]
    public Property Exp_MatchesMathExp_OverThePhysicsRange() =>
        Prop.ForAll(Gen.Choose(-745_000, 709_000).Select(i => i / 1000.0).Zip(Gen.Choose(0, 999).Select(i => i / 1e6)).ToArbitrary(), t =>
        {
            double x = t.Item1 + t.Item2;
            Tolerance.KernelMathNear(Math.Exp(x), KernelMath.Exp(x), $"exp({x:R})");
        });

    [Property(MaxTest = 2000)]
    public Property Log_MatchesMathLog_OverEveryBinade() =>
        Prop.ForAll(Gen.Choose(-1074, 1023).Zip(Gen.Choose(0, 1 << 30)).ToArbitrary(), t =>
        {
            double x = Math.ScaleB(1.0 + (t.Item2 / (double)(1 << 30)), t.Item1);
            Tolerance.KernelMathNear(Math.Log(x), KernelMath.Log(x), $"log({x:R})");
        });

    /// <summary>The physics' own uses: ln(1 - k/E) for every k &lt;= E &lt;= 512, then (1 - k/E)^T for T up to 1e7 tokens.</summary>
    [Fact]
    public void ExpertActivation_MatchesMath_ForEveryRoutingShape()
    {
        foreach (int experts in new[] { 8, 16, 64, 128, 160, 256, 384, 512 })
        {
            for (int k = 1; k < experts; k += Math.Max(1, experts / 16))
            {
                double share = 1.0 - (k / (double)experts);
                double missLog = KernelMath.Log(share);
                Tolerance.KernelMathNear(Math.Log(share), missLog, $"ln(1 - {k}/{experts})");
                foreach (double tokens in new[] { 1.0, 7.0, 64.0, 4096.0, 1e7 })
                {
                    // exp(T x) with T up to 1e7 underflows to 0 on both sides: compared with the absolute floor.
                    Tolerance.KernelMathNear(Math.Exp(tokens * Math.Log(share)), KernelMath.Exp(tokens * missLog), $"({share})^{tokens}", relativeToInput: tokens * Math.Abs(missLog));
                }
            }
        }
    }

    /// <summary>Communication's (1 - 1/D)^k for D domains and k experts per token.</summary>
    [Fact]
    public void Pow_MatchesMathPow_ForNodeLimitedRouting()
    {
        foreach (double domains in new[] { 2.0, 3.0, 4.0, 9.0, 18.0, 72.0 })
        {
            foreach (double k in new[] { 1.0, 2.0, 6.0, 8.0, 22.0 })
            {
                double x = 1.0 - (1.0 / domains);
                Tolerance.KernelMathNear(Math.Pow(x, k), KernelMath.Pow(x, k), $"{x}^{k}", relativeToInput: Math.Abs(k * Math.Log(x)));
            }
        }

        Assert.Equal(0.0, KernelMath.Pow(0, 3));
        Assert.Equal(1.0, KernelMath.Pow(0, 0));
    }
}
