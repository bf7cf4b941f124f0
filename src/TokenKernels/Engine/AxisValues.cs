using System.Globalization;

namespace TokenKernels;

/// <summary>
/// Parses the command-line spelling of a sweep axis: a list <c>a,b,c</c>, an integer range <c>A..B</c> (every integer),
/// or a geometric range <c>A..B:xF</c> (A, A x F, A x F^2, ... rounded to integers, duplicates dropped, B included when the
/// steps miss it). Items may mix: <c>1,2,8..64:x2</c>.
/// </summary>
public static class AxisValues
{
    /// <summary>Largest number of values one axis may have (4 Mi), so a typo cannot exhaust memory.</summary>
    public const int MaxValues = 1 << 22;

    /// <summary>Parses integer axis values, in the order written, without duplicates.</summary>
    /// <param name="text">The axis text.</param>
    /// <param name="parameterName">The option or property named in errors.</param>
    /// <param name="minimum">Smallest allowed value.</param>
    /// <exception cref="ArgumentException">The text is empty, malformed, below <paramref name="minimum"/> or too long.</exception>
    public static IReadOnlyList<int> ParseIntegers(string text, string parameterName, int minimum = 1)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        var values = new List<int>();
        var seen = new HashSet<int>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            if (item.Length == 0)
            {
                throw Bad(text, parameterName, "an empty item");
            }

            int dots = item.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                Add(ParseInt(item, text, parameterName));
                continue;
            }

            int from = ParseInt(item[..dots], text, parameterName);
            string rest = item[(dots + 2)..];
            int colon = rest.IndexOf(':', StringComparison.Ordinal);
            int to = ParseInt(colon < 0 ? rest : rest[..colon], text, parameterName);
            if (to < from)
            {
                throw Bad(text, parameterName, $"a range that ends ({to}) before it starts ({from})");
            }

            if (colon < 0)
            {
                if ((long)to - from + 1 > MaxValues)
                {
                    throw Bad(text, parameterName, $"more than {MaxValues} values");
                }

                for (int v = from; v <= to; v++)
                {
                    Add(v);
                }

                continue;
            }

            string step = rest[(colon + 1)..].Trim();
            if (!step.StartsWith('x') || !double.TryParse(step[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor)
                || !(factor > 1) || double.IsInfinity(factor))
            {
                throw Bad(text, parameterName, $"a step '{step}' that is not xF with F > 1");
            }

            if (from < 1)
            {
                throw Bad(text, parameterName, "a geometric range that does not start at a positive value");
            }

            for (double v = from; ; v *= factor)
            {
                long rounded = (long)Math.Round(v);
                if (rounded >= to)
                {
                    Add(to);
                    break;
                }

                Add((int)rounded);
            }
        }

        return values;

        void Add(int v)
        {
            if (v < minimum)
            {
                throw Bad(text, parameterName, $"a value {v} below {minimum}");
            }

            if (seen.Add(v))
            {
                values.Add(v);
                if (values.Count > MaxValues)
                {
                    throw Bad(text, parameterName, $"more than {MaxValues} values");
                }
            }
        }
    }

    /// <summary>Parses a list of real values (<c>1,1.5,2</c>), in the order written, without duplicates.</summary>
    /// <exception cref="ArgumentException">The text is empty, malformed, not finite or below <paramref name="minimum"/>.</exception>
    public static IReadOnlyList<double> ParseReals(string text, string parameterName, double minimum)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        var values = new List<double>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw Bad(text, parameterName, $"'{item}', which is not a number");
            }

            if (v < minimum)
            {
                throw Bad(text, parameterName, $"a value {v.ToString(CultureInfo.InvariantCulture)} below {minimum.ToString(CultureInfo.InvariantCulture)}");
            }

            if (!values.Contains(v))
            {
                values.Add(v);
            }
        }

        return values;
    }

    /// <summary>Parses a comma-separated list of words (ids, precisions), trimmed, without duplicates.</summary>
    /// <exception cref="ArgumentException">The list is empty or has an empty item.</exception>
    public static IReadOnlyList<string> ParseWords(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        var words = new List<string>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            if (item.Length == 0)
            {
                throw Bad(text, parameterName, "an empty item");
            }

            if (!words.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                words.Add(item);
            }
        }

        return words;
    }

    private static int ParseInt(string item, string text, string parameterName) =>
        int.TryParse(item.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw Bad(text, parameterName, $"'{item.Trim()}', which is not an integer");

    private static ArgumentException Bad(string text, string parameterName, string what) =>
        new($"Axis '{text}' has {what}; expected a list a,b,c, a range A..B or a geometric range A..B:xF.", parameterName);
}
