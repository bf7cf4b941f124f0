namespace TokenKernels;

/// <summary>One axis of a <see cref="Chart"/>.</summary>
/// <param name="Title">What the axis measures, with its unit ("tok/s per user").</param>
/// <param name="Log">Logarithmic (base 10); every value on it must then be positive.</param>
public sealed record ChartAxis(string Title, bool Log)
{
    /// <summary>Whether values span enough to need a log axis: all positive and the largest at least 10x the smallest (a decade).</summary>
    public static bool SpansDecades(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double min = double.PositiveInfinity, max = 0;
        foreach (double v in values)
        {
            if (!(v > 0))
            {
                return false;
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return max >= 10 * min;
    }
}
