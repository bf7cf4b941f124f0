using Xunit;

namespace TokenKernels.Tests.Support;

/// <summary>
/// One place for numeric tolerances: |expected - actual| &lt;= max(absolute, relative x max(|expected|, |actual|)), NaN
/// never near anything, infinities near only themselves. Where each constant comes from:
/// <list type="bullet">
/// <item><see cref="Relative"/> 1e-5: golden values are derived by hand with at most 6 significant digits; the 1e-15
/// <see cref="Absolute"/> floor lets exact zeros compare equal.</item>
/// <item><see cref="KernelMath"/> 4e-16 (under 2 ulp): the bound stated in <c>Physics/KernelMath.cs</c> (polynomial
/// truncation below 1e-17, the rest the rounding of about 15 Horner steps), with <see cref="Subnormal"/> as the absolute
/// floor where results run out of mantissa bits.</item>
/// <item><see cref="Backend"/> 1e-12: a device against the scalar reference. Both run the same operations
/// (KernelMath, IEEE add/multiply/divide); a device compiler may still contract a multiply-add into an FMA, which changes
/// a result by at most 1 ulp per contraction. About 200 dependent operations per configuration, each amplifying an
/// earlier ulp by at most a small factor, stay under 2e-14; 1e-12 leaves a 50x margin and still catches any real
/// difference in the physics (those move results by 1e-6 or more).</item>
/// </list>
/// Tie rule for reductions: values whose difference is within <see cref="Backend"/> are a tie, and a tie goes to the lower
/// grid index. Devices only filter candidates (with a slack wider than <see cref="Backend"/>); the host recomputes every
/// candidate with the scalar path and finishes the reduction on those values, so indices compare exactly on every backend.
/// </summary>
internal static class Tolerance
{
    public const double Relative = 1e-5;
    public const double Absolute = 1e-15;
    public const double KernelMath = 4e-16;
    public const double Subnormal = 1e-320;
    public const double Backend = 1e-12;

    public static void Near(double expected, double actual, double relative = Relative, string? what = null, double absolute = Absolute)
    {
        Assert.False(double.IsNaN(actual), $"{what}: got NaN");
        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            Assert.True(expected == actual, $"{what ?? "value"}: expected {expected:R}, got {actual:R}");
            return;
        }

        double allowed = Math.Max(absolute, relative * Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(
            Math.Abs(expected - actual) <= allowed,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (allowed difference {allowed:G3})");
    }

    /// <summary>
    /// KernelMath against .NET's Math; <paramref name="relativeToInput"/> is |z| for a result exp(z) whose argument carries
    /// a relative error of <see cref="KernelMath"/> itself (exp turns an input error dz into a relative error dz).
    /// </summary>
    public static void KernelMathNear(double expected, double actual, string what, double relativeToInput = 0) =>
        Near(expected, actual, KernelMath * (1 + relativeToInput), what, Subnormal);

    /// <summary>A backend's metric against the scalar reference's.</summary>
    public static void BackendNear(double expected, double actual, string what) => Near(expected, actual, Backend, what);
}
