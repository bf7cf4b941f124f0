using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Traffic;

/// <summary>Length distributions, the <c>--lengths</c> syntax, the trace loader and arrival processes.</summary>
public class WorkloadTests
{
    [Fact]
    public void Parse_FixedPair()
    {
        var d = LengthDistribution.Parse("1000:200");
        Assert.Equal(LengthDistributionKind.Fixed, d.Kind);
        Assert.Equal(1000, d.MeanInputTokens);
        Assert.Equal(200, d.MeanOutputTokens);
        Assert.Equal((1000, 200), d.Sample(7, 123));
    }

    [Fact]
    public void Parse_WeightedList_MomentsAreTheWeightedMeans()
    {
        // 3/4 x (100, 10) + 1/4 x (1000, 50): mean input 75 + 250 = 325, mean output 7.5 + 12.5 = 20, mean context 345.
        var d = LengthDistribution.Parse("100:10@3, 1000:50@1");
        Assert.Equal(LengthDistributionKind.Weighted, d.Kind);
        Assert.Equal(325, d.MeanInputTokens, 9);
        Assert.Equal(20, d.MeanOutputTokens, 9);
        Assert.Equal(345, d.MeanContextTokens, 9);
        Assert.Equal(110, d.ContextQuantile(0.5));
        Assert.Equal(1050, d.ContextQuantile(0.9));

        // Sampled shares follow the weights: 20,000 draws, share of the long pair 0.25 +- 4 standard errors (0.0122).
        int longOnes = Enumerable.Range(0, 20_000).Count(i => d.Sample(3, i).Input == 1000);
        Assert.InRange(longOnes / 20_000.0, 0.25 - 0.0122, 0.25 + 0.0122);
    }

    [Fact]
    public void LogNormal_MedianAndCap()
    {
        // Cap 1300 = the sum of the medians. Truncated share >= P(in > 1300) = P(z > ln 1.3 = 0.262) = 0.397, and
        // <= P(in > 1000 or out > 300) = 1 - 0.5 x 0.5 = 0.75 (input and output are independent).
        var d = LengthDistribution.Parse("lognormal:in=1000,out=300,sigma=1");
        Assert.Equal(LengthDistributionKind.LogNormal, d.Kind);
        Assert.Equal(0, d.WithContextCap(1_000_000_000).TruncatedShare);
        var capped = d.WithContextCap(1300);
        Assert.InRange(capped.TruncatedShare, 0.397, 0.75);
        Assert.True(capped.MaxContextTokens <= 1300);
        Assert.True(capped.MeanContextTokens < d.MeanContextTokens);

        // Uncapped mean of a log-normal: median x exp(sigma^2 / 2) = 1000 x 1.6487 = 1648.7 (tabulated at 512 points: within 3%).
        Assert.InRange(d.MeanInputTokens, 1648.7 * 0.97, 1648.7 * 1.03);
        var drawn = Enumerable.Range(0, 4000).Select(i => capped.Sample(11, i)).ToList();
        Assert.All(drawn, x => Assert.True(x.Input + x.Output <= 1300 && x.Input >= 1 && x.Output >= 1));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1000", "'1000' is not IN:OUT")]
    [InlineData("1000:x", "output tokens 'x'")]
    [InlineData("0:10", "input tokens '0'")]
    [InlineData("10:10@1,20:20", "'20:20' has no weight")]
    [InlineData("10:10@-1", "weight '-1'")]
    [InlineData("lognormal:in=100,out=10", "needs in=MEDIAN")]
    [InlineData("lognormal:in=100,out=10,sigma=1,mu=3", "unknown key 'mu'")]
    [InlineData("lognormal:in=0.5,out=10,sigma=1", "input median")]
    [InlineData("trace:", "needs a file")]
    [InlineData("trace:/nonexistent/trace.csv", "not found")]
    public void Parse_BadInput_NamesThePart(string text, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => LengthDistribution.Parse(text, "--lengths"));
        Assert.Equal("--lengths", e.ParamName);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithContextCap_RejectsFixedLengthsOverTheCap()
    {
        var e = Assert.Throws<ArgumentException>(() => LengthDistribution.Parse("1000:100@1,60000:8000@1").WithContextCap(65536));
        Assert.Contains("60000:8000 needs 68000 tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_LoadsAndNamesLineAndColumn()
    {
        var good = RequestTrace.Parse(["# recorded", "arrival_s,input_tokens,output_tokens", "0,100,10", "0.5,200,20", ""], "t.csv");
        Assert.Equal(2, good.Requests.Count);
        Assert.Equal(0.5, good.DurationSeconds);
        var lengths = LengthDistribution.FromTrace(good);
        Assert.Equal((200, 20), lengths.Sample(1, 1));
        Assert.Equal((100, 10), lengths.Sample(1, 2));

        var cell = Assert.Throws<ArgumentException>(() => RequestTrace.Parse(["arrival_s,input_tokens,output_tokens", "0,100,10", "1,abc,10"], "t.csv"));
        Assert.Contains("t.csv line 3, column 2 (input_tokens)", cell.Message, StringComparison.Ordinal);
        var order = Assert.Throws<ArgumentException>(() => RequestTrace.Parse(["arrival_s,input_tokens,output_tokens", "2,100,10", "1,100,10"], "t.csv"));
        Assert.Contains("line 3, column 1 (arrival_s)", order.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => RequestTrace.Parse(["arrival_s,input_tokens,output_tokens"], "t.csv"));
        Assert.Contains("no requests", empty.Message, StringComparison.Ordinal);
        var header = Assert.Throws<ArgumentException>(() => RequestTrace.Parse(["time,in,out", "0,1,1"], "t.csv"));
        Assert.Contains("line 1", header.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrivals_RejectBadRates()
    {
        Assert.Equal("rate", Assert.Throws<ArgumentException>(() => ArrivalProcess.Poisson(-1)).ParamName);
        Assert.Equal("rate", Assert.Throws<ArgumentException>(() => ArrivalProcess.Poisson(double.NaN)).ParamName);
        Assert.Equal("coefficientOfVariation", Assert.Throws<ArgumentException>(() => ArrivalProcess.Gamma(1, 0)).ParamName);
        Assert.Equal("concurrency", Assert.Throws<ArgumentException>(() => ArrivalProcess.ClosedLoop(0)).ParamName);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void GammaGaps_HaveMeanOneAndTheAskedCv(double cv)
    {
        // 40,000 gaps: the mean of a mean-1 variate has standard error cv / 200 (at most 0.01); the cv within 6%.
        double shape = 1 / (cv * cv);
        var gaps = Enumerable.Range(0, 40_000).Select(i => TokenKernels.Workloads.SamplingMath.GammaMeanOne(shape, 5, 1, (ulong)i * 512)).ToList();
        double mean = gaps.Average();
        double sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Count);
        Assert.InRange(mean, 1 - (5 * cv / 200), 1 + (5 * cv / 200));
        Assert.InRange(sd / mean, cv * 0.94, cv * 1.06);
    }
}
