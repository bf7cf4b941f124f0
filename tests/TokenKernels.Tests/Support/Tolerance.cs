using Xunit;

namespace TokenKernels.Tests.Support;

/// <summary>
/// One place for numeric tolerances: |expected - actual| &lt;= max(absolute, relative x max(|expected|, |actual|)).
/// Golden values are derived by hand with at most 6 significant digits, so 1e-5 relative covers rounding in the
/// derivation; the 1e-15 absolute floor lets exact zeros compare equal.
/// </summary>
internal static class Tolerance
{
    public const double Relative = 1e-5;
    public const double Absolute = 1e-15;

    public static void Near(double expected, double actual, double relative = Relative, string? what = null)
    {
        Assert.False(double.IsNaN(actual), $"{what}: got NaN");
        double allowed = Math.Max(Absolute, relative * Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(
            Math.Abs(expected - actual) <= allowed,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (allowed difference {allowed:G3})");
    }
}
