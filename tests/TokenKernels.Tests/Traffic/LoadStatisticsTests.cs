using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Traffic;
using Xunit;

namespace TokenKernels.Tests.Traffic;

/// <summary>The percentiles of a load level are order statistics found by selection, which must agree with sorting.</summary>
public sealed class LoadStatisticsTests
{
    // Arrays of 1-300 values drawn from few distinct ones (many ties, the hard case for a partition) or from a wide range,
    // sometimes already sorted or reversed (the median-of-three pivot's corners).
    private static Arbitrary<(double[] Values, int K)> Cases() =>
        Gen.Choose(1, 300).SelectMany(n => Gen.Choose(0, 2).SelectMany(shape => Gen.Choose(1, 1000).SelectMany(range =>
            Gen.ArrayOf(Gen.Choose(0, range).Select(v => v * 0.25), n).SelectMany(values =>
                Gen.Choose(0, n - 1).Select(k =>
                {
                    if (shape == 1)
                    {
                        Array.Sort(values);
                    }
                    else if (shape == 2)
                    {
                        Array.Sort(values);
                        Array.Reverse(values);
                    }

                    return (values, k);
                }))))).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Select_EqualsTheSortedValueAtK() => Prop.ForAll(Cases(), c =>
    {
        double[] sorted = [.. c.Values.Order()];
        double[] work = [.. c.Values];
        double selected = LoadStatistics.Select(work, c.K);
        bool partitioned = work.Take(c.K).All(v => v <= selected) && work.Skip(c.K + 1).All(v => v >= selected);
        return selected == sorted[c.K] && work[c.K] == selected && partitioned && work.Order().SequenceEqual(sorted);
    });

    [Fact]
    public void Quantile_IsTheNearestRank()
    {
        // Nearest rank of 1..10: P50 is the 5th value, P90 the 9th, P99 the 10th (ceil(0.99 x 10) = 10).
        var values = new List<double> { 7, 3, 10, 1, 9, 2, 8, 5, 6, 4 };
        Assert.Equal(5, LoadStatistics.Quantile(values, 0.5));
        Assert.Equal(9, LoadStatistics.Quantile(values, 0.9));
        Assert.Equal(10, LoadStatistics.Quantile(values, 0.99));
        Assert.True(double.IsNaN(LoadStatistics.Quantile([], 0.5)));
    }
}
