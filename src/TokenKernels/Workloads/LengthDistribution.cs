using System.Globalization;
using TokenKernels.Workloads;

namespace TokenKernels;

/// <summary>
/// Request lengths as a distribution: a fixed pair, a weighted list, independent log-normals (median, sigma) or a trace,
/// with the context window as a cap on input + output (not a reservation). Gives the moments sweeps need and draws
/// samples with a counter-based generator (the same draws on every backend). Immutable.
/// </summary>
/// <remarks>
/// A log-normal is tabulated at <see cref="QuantilePoints"/> equal-probability points per length (the p = (i + 0.5) / n
/// quantiles), so sampling needs no exp or log and the moments below are those of exactly what the simulator draws.
/// Draws over the cap are clipped (input at most cap - 1, output the rest); fixed, weighted and trace lengths over the cap
/// are an error instead.
/// </remarks>
public sealed class LengthDistribution
{
    /// <summary>Points per log-normal quantile table.</summary>
    public const int QuantilePoints = 512;

    private readonly double[] _table;
    private readonly double[] _inputs;
    private readonly double[] _outputs;
    private readonly double[] _weights;
    private double[]? _sortedContexts;
    private double[]? _sortedContextWeights;

    private LengthDistribution(LengthDistributionKind kind, double[] inputs, double[] outputs, double[] weights, int cap, string text, RequestTrace? trace)
    {
        Kind = kind;
        _inputs = inputs;
        _outputs = outputs;
        _weights = weights;
        ContextCap = cap;
        Text = text;
        Trace = trace;
        _table = BuildTable();
        (MeanInputTokens, MeanOutputTokens, TruncatedShare, MaxContextTokens, MeanContextInFlight) = Moments();
    }

    /// <summary>Which kind of distribution.</summary>
    public LengthDistributionKind Kind { get; }

    /// <summary>Cap on input + output tokens (the context window), or 0 for none.</summary>
    public int ContextCap { get; }

    /// <summary>The <c>--lengths</c> text this distribution is described by.</summary>
    public string Text { get; }

    /// <summary>The trace the lengths come from (trace kind), else null.</summary>
    public RequestTrace? Trace { get; }

    /// <summary>Mean prompt tokens per request (after the cap).</summary>
    public double MeanInputTokens { get; }

    /// <summary>Mean output tokens per request (after the cap).</summary>
    public double MeanOutputTokens { get; }

    /// <summary>Mean full context (input + output) per request: the KV a finished request held.</summary>
    public double MeanContextTokens => MeanInputTokens + MeanOutputTokens;

    /// <summary>
    /// Mean context (prompt + tokens generated so far) of a sequence in decode, over time: each request weighted by its
    /// output tokens (the decode steps it holds a slot for), its context averaged over those steps:
    /// E[out x (in + out / 2)] / E[out] (after the cap). For fixed lengths, in + out / 2.
    /// </summary>
    public double MeanContextInFlight { get; }

    /// <summary>Largest input + output any request can have (after the cap).</summary>
    public double MaxContextTokens { get; }

    /// <summary>Share 0-1 of requests the cap truncates (log-normal only; others reject lengths over the cap).</summary>
    public double TruncatedShare { get; }

    internal PackedLengths Packed => new() { Mode = Kind == LengthDistributionKind.LogNormal ? 1 : Kind == LengthDistributionKind.Trace ? 2 : 0, Count = _inputs.Length, Offset = 0, Cap = ContextCap };

    /// <summary>The sampling table (layout in <see cref="PackedLengths"/>), to copy where replicas run.</summary>
    internal double[] Table => _table;

    /// <summary>Every request <paramref name="input"/> in, <paramref name="output"/> out.</summary>
    /// <exception cref="ArgumentException">A length below 1 (ParamName names it).</exception>
    public static LengthDistribution Fixed(int input, int output)
    {
        AtLeastOne(input, nameof(input));
        AtLeastOne(output, nameof(output));
        return new(LengthDistributionKind.Fixed, [input], [output], [1.0], 0, string.Create(CultureInfo.InvariantCulture, $"{input}:{output}"), null);
    }

    /// <summary>A weighted list of (input, output) pairs; weights need not sum to 1.</summary>
    /// <exception cref="ArgumentException">Empty, a length below 1 or a weight not positive (ParamName "entries").</exception>
    public static LengthDistribution Weighted(IReadOnlyList<(int Input, int Output, double Weight)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("A weighted list needs at least one entry.", nameof(entries));
        }

        foreach (var (i, o, w) in entries)
        {
            if (i < 1 || o < 1 || !(w > 0 && double.IsFinite(w)))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Entry {i}:{o}@{w}: lengths must be at least 1 and the weight positive."), nameof(entries));
            }
        }

        string text = string.Join(',', entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Input}:{e.Output}@{e.Weight}")));
        return new(LengthDistributionKind.Weighted, [.. entries.Select(e => (double)e.Input)], [.. entries.Select(e => (double)e.Output)], [.. entries.Select(e => e.Weight)], 0, text, null);
    }

    /// <summary>Independent log-normal input and output lengths with the given medians and log-space sigma (each at least 1 token).</summary>
    /// <exception cref="ArgumentException">A median below 1 or sigma outside (0, 4] (ParamName names it).</exception>
    public static LengthDistribution LogNormal(double inputMedian, double outputMedian, double sigma)
    {
        if (!(inputMedian >= 1 && double.IsFinite(inputMedian)))
        {
            throw new ArgumentException($"The input median must be at least 1 token (was {Num(inputMedian)}).", nameof(inputMedian));
        }

        if (!(outputMedian >= 1 && double.IsFinite(outputMedian)))
        {
            throw new ArgumentException($"The output median must be at least 1 token (was {Num(outputMedian)}).", nameof(outputMedian));
        }

        if (!(sigma > 0 && sigma <= 4))
        {
            throw new ArgumentException($"Sigma must be in (0, 4] (was {Num(sigma)}).", nameof(sigma));
        }

        var inputs = new double[QuantilePoints];
        var outputs = new double[QuantilePoints];
        for (int i = 0; i < QuantilePoints; i++)
        {
            double z = NormalQuantile((i + 0.5) / QuantilePoints);
            inputs[i] = Math.Max(1, Math.Round(inputMedian * Math.Exp(sigma * z)));
            outputs[i] = Math.Max(1, Math.Round(outputMedian * Math.Exp(sigma * z)));
        }

        return new(LengthDistributionKind.LogNormal, inputs, outputs, [], 0, $"lognormal:in={Num(inputMedian)},out={Num(outputMedian)},sigma={Num(sigma)}", null);
    }

    /// <summary>The lengths of a trace, drawn in its order (request n gets entry n mod count).</summary>
    public static LengthDistribution FromTrace(RequestTrace trace, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new(LengthDistributionKind.Trace, [.. trace.Requests.Select(r => (double)r.InputTokens)], [.. trace.Requests.Select(r => (double)r.OutputTokens)], [.. trace.Requests.Select(_ => 1.0)], 0, description ?? "trace", trace);
    }

    /// <summary>
    /// Parses the <c>--lengths</c> syntax shared by every command: <c>IN:OUT</c> (fixed), <c>IN:OUT@W,IN:OUT@W,...</c>
    /// (weighted list), <c>lognormal:in=MEDIAN,out=MEDIAN,sigma=S</c>, or <c>trace:FILE</c> (see <see cref="RequestTrace"/>).
    /// </summary>
    /// <param name="text">The option's value.</param>
    /// <param name="parameterName">Named in errors (the CLI passes "--lengths").</param>
    /// <exception cref="ArgumentException">The message quotes the part that is wrong; ParamName is <paramref name="parameterName"/>.</exception>
    public static LengthDistribution Parse(string text, string parameterName = "lengths")
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        try
        {
            if (s.StartsWith("trace:", StringComparison.OrdinalIgnoreCase))
            {
                string path = s["trace:".Length..];
                if (path.Length == 0)
                {
                    throw Bad(parameterName, "'trace:' needs a file: trace:FILE");
                }

                return FromTrace(RequestTrace.Load(path), s);
            }

            if (s.StartsWith("lognormal:", StringComparison.OrdinalIgnoreCase))
            {
                return ParseLogNormal(s["lognormal:".Length..], parameterName);
            }

            if (s.Length == 0)
            {
                throw Bad(parameterName, "is empty; expected IN:OUT, IN:OUT@W,..., lognormal:in=M,out=M,sigma=S or trace:FILE");
            }

            string[] parts = s.Split(',');
            if (parts.Length == 1 && !parts[0].Contains('@', StringComparison.Ordinal))
            {
                var (i, o) = Pair(parts[0], parameterName);
                return Fixed(i, o);
            }

            var entries = new List<(int, int, double)>();
            foreach (string part in parts)
            {
                int at = part.IndexOf('@', StringComparison.Ordinal);
                if (at < 0)
                {
                    throw Bad(parameterName, $"'{part.Trim()}' has no weight; a list is IN:OUT@W,IN:OUT@W,...");
                }

                var (i, o) = Pair(part[..at], parameterName);
                string w = part[(at + 1)..].Trim();
                if (!double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out double weight) || !(weight > 0) || !double.IsFinite(weight))
                {
                    throw Bad(parameterName, $"weight '{w}' in '{part.Trim()}' is not a positive number");
                }

                entries.Add((i, o, weight));
            }

            return Weighted(entries);
        }
        catch (ArgumentException e) when (e.ParamName != parameterName)
        {
            throw new ArgumentException(Message(e), parameterName, e);
        }
    }

    /// <summary>
    /// This distribution with input + output capped at <paramref name="contextTokens"/>: log-normal draws are clipped
    /// (<see cref="TruncatedShare"/> says how many); a fixed, weighted or trace length over the cap is an error.
    /// </summary>
    /// <exception cref="ArgumentException">Cap below 2, or a length over it (the message names the entry); ParamName "contextTokens".</exception>
    public LengthDistribution WithContextCap(int contextTokens)
    {
        if (contextTokens < 2)
        {
            throw new ArgumentException($"The context cap must be at least 2 tokens (was {contextTokens}).", nameof(contextTokens));
        }

        if (Kind != LengthDistributionKind.LogNormal)
        {
            for (int i = 0; i < _inputs.Length; i++)
            {
                if (_inputs[i] + _outputs[i] > contextTokens)
                {
                    string where = Kind == LengthDistributionKind.Trace ? $"trace request {i + 1}" : "entry";
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"{where} {_inputs[i]}:{_outputs[i]} needs {_inputs[i] + _outputs[i]} tokens, over the context cap of {contextTokens}."),
                        nameof(contextTokens));
                }
            }
        }

        return new(Kind, _inputs, _outputs, _weights, contextTokens, Text, Trace);
    }

    /// <summary>The <paramref name="p"/> quantile (0-1) of the full context (input + output) per request, after the cap.</summary>
    /// <exception cref="ArgumentException">p outside [0, 1].</exception>
    public double ContextQuantile(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentException($"The quantile must be in [0, 1] (was {Num(p)}).", nameof(p));
        }

        if (_sortedContexts is null)
        {
            var pairs = Support().Select(x => (Context: x.Input + x.Output, x.Weight)).OrderBy(x => x.Context).ToArray();
            _sortedContextWeights = [.. pairs.Select(x => x.Weight)];
            _sortedContexts = [.. pairs.Select(x => x.Context)];
        }

        double[] contexts = _sortedContexts;
        double[] weights = _sortedContextWeights!;
        double target = p * weights.Sum(), seen = 0;
        for (int i = 0; i < contexts.Length; i++)
        {
            seen += weights[i];
            if (seen >= target)
            {
                return contexts[i];
            }
        }

        return contexts[^1];
    }

    /// <summary>Request <paramref name="index"/>'s lengths for <paramref name="seed"/>: what the simulator draws for it.</summary>
    public (int Input, int Output) Sample(ulong seed, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        LengthSampler.Sample(new HostTable(_table), Packed, seed, 0, index, out double i, out double o);
        return ((int)i, (int)o);
    }

    /// <inheritdoc/>
    public override string ToString() => ContextCap > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Text} (cap {ContextCap})") : Text;

    // Every (input, output) the sampler can return, with its probability weight.
    private IEnumerable<(double Input, double Output, double Weight)> Support()
    {
        if (Kind != LengthDistributionKind.LogNormal)
        {
            for (int i = 0; i < _inputs.Length; i++)
            {
                yield return (_inputs[i], _outputs[i], _weights[i]);
            }

            yield break;
        }

        foreach (double input in _inputs)
        {
            foreach (double output in _outputs)
            {
                double a = input, b = output;
                LengthSampler.Clip(ContextCap, ref a, ref b);
                yield return (a, b, 1.0);
            }
        }
    }

    private (double MeanIn, double MeanOut, double Truncated, double Max, double InFlight) Moments()
    {
        double w = 0, i = 0, o = 0, truncated = 0, max = 0, inFlight = 0;
        foreach (var (input, output, weight) in Support())
        {
            w += weight;
            i += weight * input;
            o += weight * output;
            inFlight += weight * output * (input + (output / 2.0));
            max = Math.Max(max, input + output);
        }

        if (Kind == LengthDistributionKind.LogNormal && ContextCap > 0)
        {
            foreach (double input in _inputs)
            {
                foreach (double output in _outputs)
                {
                    truncated += input + output > ContextCap ? 1 : 0;
                }
            }

            truncated /= (double)_inputs.Length * _outputs.Length;
        }

        return (i / w, o / w, truncated, max, inFlight / o);
    }

    private double[] BuildTable()
    {
        int n = _inputs.Length;
        if (Kind == LengthDistributionKind.LogNormal || Kind == LengthDistributionKind.Trace)
        {
            return [.. _inputs, .. _outputs];
        }

        var cumulative = new double[n];
        double total = _weights.Sum(), running = 0;
        for (int i = 0; i < n; i++)
        {
            running += _weights[i];
            cumulative[i] = i == n - 1 ? 1.0 : running / total;
        }

        return [.. _inputs, .. _outputs, .. cumulative];
    }

    private static LengthDistribution ParseLogNormal(string body, string parameterName)
    {
        double? input = null, output = null, sigma = null;
        foreach (string part in body.Split(','))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? part.Trim() : part[..eq].Trim().ToLowerInvariant();
            string value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                throw Bad(parameterName, $"'{part.Trim()}' in lognormal:... is not key=number (keys in, out, sigma)");
            }

            switch (key)
            {
                case "in":
                    input = number;
                    break;
                case "out":
                    output = number;
                    break;
                case "sigma":
                    sigma = number;
                    break;
                default:
                    throw Bad(parameterName, $"unknown key '{key}' in lognormal:...; expected in, out and sigma");
            }
        }

        if (input is null || output is null || sigma is null)
        {
            throw Bad(parameterName, "lognormal needs in=MEDIAN, out=MEDIAN and sigma=S");
        }

        return LogNormal(input.Value, output.Value, sigma.Value);
    }

    private static (int Input, int Output) Pair(string text, string parameterName)
    {
        string t = text.Trim();
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw Bad(parameterName, $"'{t}' is not IN:OUT");
        }

        return (Tokens(t[..colon], t, "input", parameterName), Tokens(t[(colon + 1)..], t, "output", parameterName));
    }

    private static int Tokens(string text, string whole, string which, string parameterName) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : throw Bad(parameterName, $"{which} tokens '{text.Trim()}' in '{whole}' is not a whole number >= 1");

    private static ArgumentException Bad(string parameterName, string problem) => new(problem + ".", parameterName);

    private static string Message(ArgumentException e)
    {
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be at least 1 token (was {value}).", name);
        }
    }

    private static string Num(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    // Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).
    private static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01, 1.0];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00, 1.0];
        const double low = 0.02425;
        if (p < low || p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(Math.Min(p, 1 - p)));
            double tail = Horner(c, q) / Horner(d, q);
            return p < low ? tail : -tail;
        }

        double s = p - 0.5;
        double r = s * s;
        return Horner(a, r) * s / Horner(b, r);
    }

    private static double Horner(double[] coefficients, double x)
    {
        double sum = 0;
        foreach (double k in coefficients)
        {
            sum = (sum * x) + k;
        }

        return sum;
    }
}
