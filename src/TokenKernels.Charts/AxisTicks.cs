using System.Globalization;

namespace TokenKernels;

/// <summary>Axis ranges and tick labels shared by both renderers, in axis units (log10 of the value on a log axis).</summary>
internal static class AxisTicks
{
    /// <summary>The value as drawn: log10 on a log axis.</summary>
    public static double ToAxis(ChartAxis axis, double value) => axis.Log ? Math.Log10(value) : value;

    /// <summary>
    /// The drawn range: the data padded by <paramref name="pad"/> of its span; a linear axis over non-negative data starts
    /// at 0 (never a negative throughput or price); a log axis covers at least a factor of 3 around a single value.
    /// </summary>
    public static (double Min, double Max) Range(ChartAxis axis, IEnumerable<double> values, double pad)
    {
        var drawn = values.Where(v => double.IsFinite(v) && (!axis.Log || v > 0)).Select(v => ToAxis(axis, v)).ToList();
        if (drawn.Count == 0)
        {
            return axis.Log ? (0, 1) : (0, 1);
        }

        double min = drawn.Min(), max = drawn.Max();
        if (axis.Log)
        {
            double span = Math.Max(max - min, 0.5);
            return (min - pad * span, max + pad * span);
        }

        double linearSpan = max > min ? max - min : Math.Max(Math.Abs(max), 1);
        double low = min >= 0 ? 0 : min - pad * linearSpan;
        return (low, max + pad * linearSpan);
    }

    /// <summary>
    /// Major ticks (position in axis units, label) and minor tick positions. Log axes: labelled 1-2-5 steps when the range
    /// covers under three decades, powers of ten otherwise, minor ticks at every integer multiple.
    /// </summary>
    public static (List<(double Position, string Label)> Major, List<double> Minor) Ticks(ChartAxis axis, double min, double max)
    {
        var major = new List<(double, string)>();
        var minor = new List<double>();
        if (axis.Log)
        {
            bool fine = max - min < 3;
            for (int decade = (int)Math.Floor(min); decade <= (int)Math.Ceiling(max); decade++)
            {
                double power = Math.Pow(10, decade);
                for (int m = 1; m <= 9; m++)
                {
                    double position = Math.Log10(m * power);
                    if (position < min || position > max)
                    {
                        continue;
                    }

                    if (m == 1 || (fine && m is 2 or 5))
                    {
                        major.Add((position, Format(m * power)));
                    }
                    else
                    {
                        minor.Add(position);
                    }
                }
            }

            return (major, minor);
        }

        double step = NiceStep((max - min) / 6);
        for (double v = Math.Ceiling(min / step) * step; v <= max + step * 1e-9; v += step)
        {
            double rounded = Math.Round(v / step) * step;
            major.Add((rounded, Format(rounded)));
            minor.Add(rounded + step / 2);
        }

        return (major, minor);
    }

    /// <summary>The axis title as drawn: " (log)" added to a log axis whose title does not already say so.</summary>
    public static string Title(ChartAxis axis) =>
        axis.Log && !axis.Title.Contains("(log)", StringComparison.Ordinal) ? $"{axis.Title} (log)" : axis.Title;

    /// <summary>Padding of the horizontal range: room for bubbles and for labels written right of the last points.</summary>
    public static double HorizontalPad(Chart chart)
    {
        // Labels beside scattered points (offers) run right of the rightmost point: room for the longest, about 2% of the
        // data range per character, between a quarter and 0.6 of the range.
        int longest = chart.Series.Where(s => s.Kind != ChartSeriesKind.Line).SelectMany(s => s.Points).Select(p => p.Label.Length).DefaultIfEmpty(0).Max();
        return longest > 0 ? Math.Clamp(longest * 0.02, 0.25, 0.6)
            : chart.Series.Any(s => s.Kind == ChartSeriesKind.Bubbles || s.Points.Any(p => p.Label.Length > 0)) ? 0.25 : 0.05;
    }

    /// <summary>Splits a subtitle into lines of at most <paramref name="width"/> characters at spaces.</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>A compact, culture-invariant number: 0.02, 1.5, 250, 12,000.</summary>
    public static string Format(double value)
    {
        double a = Math.Abs(value);
        return a == 0 ? "0"
            : a >= 1000 ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : a >= 1 ? value.ToString("0.##", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double rough)
    {
        if (!(rough > 0))
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double f = rough / power;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
    }
}
