using Xunit;

namespace TokenKernels.Tests.Engine;

public class AxisValuesTests
{
    [Theory]
    [InlineData("8", new[] { 8 })]
    [InlineData("1,8, 16", new[] { 1, 8, 16 })]
    [InlineData("3..6", new[] { 3, 4, 5, 6 })]
    [InlineData("5..5", new[] { 5 })]
    [InlineData("1..16:x2", new[] { 1, 2, 4, 8, 16 })]

    // 1, 3, 9, 27 then 81 >= 50: the end is included so the range reaches it.
    [InlineData("1..50:x3", new[] { 1, 3, 9, 27, 50 })]

    // x1.5 from 1: 1, 1.5 -> 2, 2.25 -> 2 (dropped as a duplicate), 3.375 -> 3, 5.06 -> 5, 7.59 -> 8 >= 8.
    [InlineData("1..8:x1.5", new[] { 1, 2, 3, 5, 8 })]
    [InlineData("2,1..3", new[] { 2, 1, 3 })]
    public void ParseIntegers_AcceptsListsRangesAndGeometricRanges(string text, int[] expected) =>
        Assert.Equal(expected, AxisValues.ParseIntegers(text, "--batch"));

    [Theory]
    [InlineData("")]
    [InlineData("1,,2")]
    [InlineData("a")]
    [InlineData("4..2")]
    [InlineData("1..8:2")]
    [InlineData("1..8:x1")]
    [InlineData("1..8:x0.5")]
    [InlineData("0,1")]
    [InlineData("1..99999999")]
    [InlineData("1.5")]
    public void ParseIntegers_RejectsBadInputNamingTheOption(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => AxisValues.ParseIntegers(text, "--batch"));
        Assert.Equal("--batch", e.ParamName);
    }

    [Fact]
    public void ParseIntegers_AllowsZeroWhereTheMinimumIsZero() =>
        Assert.Equal([0, 8], AxisValues.ParseIntegers("0,8", "--tp", minimum: 0));

    [Fact]
    public void ParseReals_AcceptsListsAndRejectsNonNumbers()
    {
        Assert.Equal([1.0, 1.5, 2.2], AxisValues.ParseReals("1, 1.5,2.2", "--mtp-acceptance", 1));
        Assert.Throws<ArgumentException>(() => AxisValues.ParseReals("1,x", "--mtp-acceptance", 1));
        Assert.Throws<ArgumentException>(() => AxisValues.ParseReals("0.5", "--mtp-acceptance", 1));
        Assert.Throws<ArgumentException>(() => AxisValues.ParseReals("NaN", "--mtp-acceptance", 1));
    }

    [Fact]
    public void ParseWords_TrimsAndDropsDuplicates() =>
        Assert.Equal(["h100-sxm", "h200"], AxisValues.ParseWords("h100-sxm, h200,H200", "--hardware"));
}
