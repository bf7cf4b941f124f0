using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace TokenKernels.Cli.Output;

/// <summary>
/// How a sweep command runs a grid: refuses grids above <c>--max-configs</c> before any work, prints the grid size and
/// an estimated time at a speed measured on a sample of the grid (for grids large enough to take a while), then runs
/// the sweep with progress on stderr and the command's cancellation token.
/// </summary>
public sealed class SweepRun
{
    /// <summary>
    /// The default ceiling: about a minute of work for the frontier reduction on the 2-core development machine
    /// (6.3e7 configurations/s measured, README "Sweeps and frontiers"; writing CSV is slower).
    /// </summary>
    public const long DefaultMaxConfigs = 4_000_000_000;

    // Grids smaller than this finish in well under a second: no estimate line.
    private const long EstimateThreshold = 20_000_000;

    // The first sample the speed is measured on; each next one is four times larger, until one takes SampleSeconds.
    private const long SampleTarget = 100_000;

    // A sample this long is timed well above the fixed cost of a run (grid compilation, threads, JIT), which made a
    // 1e5-configuration sample read several times too slow.
    private const double SampleSeconds = 0.15;

    // The first samples run while .NET is still compiling the walk's hot code (tiered compilation: quick code first, the
    // optimised code after about 30 calls): measured on the first sample alone, a 7 s sweep read as several minutes.
    private const int MinSamples = 3;

    /// <summary><c>--max-configs</c>.</summary>
    public Option<string?> MaxConfigs { get; } = new("--max-configs")
    {
        Description = "Largest grid to run without asking, in configurations (default 4e9: about a minute on 2 CPU cores); a larger grid is refused until this is raised",
    };

    /// <summary>Adds <c>--max-configs</c> to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(MaxConfigs);
    }

    /// <summary>
    /// Checks the grid's size against <c>--max-configs</c>, prints the estimate, and runs <paramref name="sweep"/> with
    /// progress. <paramref name="sample"/> runs the same kind of work on a smaller grid to measure the speed (default:
    /// a frontier reduction).
    /// </summary>
    /// <exception cref="ArgumentException">The grid is larger than <c>--max-configs</c>, or the option is malformed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public T Execute<T>(
        ParseResult parse,
        SweepEngine engine,
        SweepGrid grid,
        Func<IProgress<SweepProgress>, CancellationToken, T> sweep,
        Action<SweepGrid, CancellationToken>? sample,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(sweep);
        LayoutChecks.RejectImpossibleValues(grid);
        long count = grid.Count;
        long max = ParseCount(parse.GetValue(MaxConfigs), "--max-configs") ?? DefaultMaxConfigs;
        if (count > max)
        {
            throw new ArgumentException(
                $"the grid has {count:N0} configurations ({Sci(count)}), more than the limit of {Sci(max)}; narrow an axis, or pass --max-configs {Sci(count)} to run it.",
                "--max-configs");
        }

        if (count >= EstimateThreshold)
        {
            var measure = sample ?? ((g, ct) => engine.Frontier(g, null, ct));
            var (seconds, sampled) = Estimate(grid, g =>
            {
                var clock = Stopwatch.StartNew();
                measure(g, cancellationToken);
                return clock.Elapsed.TotalSeconds;
            });
            parse.InvocationConfiguration.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"sweep: {count:N0} configurations ({Sci(count)}), about {Duration(seconds)} on {engine.Description} at {Sci(count / Math.Max(seconds, 1e-6))} configurations/s (measured on samples up to {Sci(sampled)})"));
        }

        return CliProgress.Run(parse, $"sweeping {Sci(count)} configurations", p => sweep(p.ForSweep(), cancellationToken));
    }

    /// <summary>A count such as <c>4000000000</c>, <c>4e9</c> or <c>4,000,000,000</c>; null for null.</summary>
    /// <exception cref="ArgumentException">Not a positive whole number.</exception>
    public static long? ParseCount(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
               && d >= 1 && d <= 9.2e18 && d == Math.Floor(d)
            ? (long)d
            : throw new ArgumentException($"expected a positive whole number of configurations such as 4e9 (was '{text}').", option);
    }

    /// <summary>
    /// Times samples of the grid (<see cref="SampleOf"/>), each four times the last, until at least
    /// <see cref="MinSamples"/> have run and the last, at least a hundredth of the grid, took <see cref="SampleSeconds"/>
    /// and clearly longer than the one before, or the next sample would pass a twentieth of the grid (so the estimate costs a few per cent of the run). The last two
    /// samples' time difference over their size difference is the cost per configuration, the rest a cost per run
    /// (compiling the grid, starting threads), which timing one sample alone charged per configuration. Returns the
    /// estimated seconds for the whole grid and the last sample's size.
    /// </summary>
    /// <param name="grid">The grid to estimate.</param>
    /// <param name="secondsFor">Runs the sweep's work on a sample grid and returns the seconds it took.</param>
    public static (double Seconds, long Sampled) Estimate(SweepGrid grid, Func<SweepGrid, double> secondsFor)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(secondsFor);
        var samples = new List<(long Count, double Seconds)>();
        for (long target = SampleTarget; ; target *= 4)
        {
            var probe = SampleOf(grid, target);
            if (samples.Count > 0 && (probe.Count * 20 > grid.Count || probe.Count <= samples[^1].Count))
            {
                break; // the next sample would cost more than a few per cent of the run, or is no larger
            }

            samples.Add((probe.Count, Math.Max(secondsFor(probe), 1e-6)));

            // The difference is trusted once the time grows with the size and the sample is a hundredth of the grid: the
            // first samples run while .NET still runs its quick code (the optimised walk is compiled after about 30 calls
            // and 100 ms), 20-30x slower; idle, a 1e6 sample of the 5e8 grid read 110 s for a 2.4 s sweep.
            if (samples.Count >= MinSamples && samples[^1].Seconds >= SampleSeconds && samples[^1].Seconds > 1.5 * samples[^2].Seconds
                && samples[^1].Count * 100 >= grid.Count)
            {
                break;
            }
        }

        var (n, t) = samples[^1];
        double perConfig = samples.Count > 1 && t > samples[^2].Seconds ? (t - samples[^2].Seconds) / (n - samples[^2].Count) : t / n;
        double perRun = Math.Max(0, t - (perConfig * n));
        return (perRun + (perConfig * grid.Count), n);
    }

    /// <summary><paramref name="k"/> values spread evenly over <paramref name="values"/>, first and last included.</summary>
    private static List<T> Spread<T>(IReadOnlyList<T> values, int k) =>
        k >= values.Count ? [.. values]
        : k == 1 ? [values[values.Count / 2]]
        : [.. Enumerable.Range(0, k).Select(i => values[(int)Math.Round(i * (values.Count - 1) / (double)(k - 1))])];

    /// <summary>
    /// The grid thinned to at most <paramref name="target"/> configurations: the axis with the most values is halved (to
    /// evenly spread values, ends included) until the count fits, the batch axis last. The cost of a sweep has two parts,
    /// the work prepared once per layout and length pair and the work per batch value, and how its reduction prunes
    /// depends on seeing many layouts: a prefix of the outer axes (one layout) read a 7 s frontier over 5e8
    /// configurations as 15 minutes, and thinning the batch axis first (64 batches a pair instead of 4,096) as 5 minutes.
    /// </summary>
    /// <param name="grid">The grid to sample.</param>
    /// <param name="target">The most configurations the sample may have (the batch axis is kept whole down to this).</param>
    public static SweepGrid SampleOf(SweepGrid grid, long target)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        (Func<SweepGrid, int> Length, Func<SweepGrid, int, SweepGrid> Cut)[] axes =
        [
            (g => g.InputTokens.Count, (g, k) => g with { InputTokens = Spread(g.InputTokens, k) }),
            (g => g.OutputTokens.Count, (g, k) => g with { OutputTokens = Spread(g.OutputTokens, k) }),
            (g => g.Gpus.Count, (g, k) => g with { Gpus = Spread(g.Gpus, k) }),
            (g => g.Ep.Count, (g, k) => g with { Ep = Spread(g.Ep, k) }),
            (g => g.Tp.Count, (g, k) => g with { Tp = Spread(g.Tp, k) }),
            (g => g.Dp.Count, (g, k) => g with { Dp = Spread(g.Dp, k) }),
            (g => g.Pp.Count, (g, k) => g with { Pp = Spread(g.Pp, k) }),
            (g => g.MtpAcceptance.Count, (g, k) => g with { MtpAcceptance = Spread(g.MtpAcceptance, k) }),
            (g => g.KvCache.Count, (g, k) => g with { KvCache = Spread(g.KvCache, k) }),
            (g => g.Weights.Count, (g, k) => g with { Weights = Spread(g.Weights, k) }),
            (g => g.Hardware.Count, (g, k) => g with { Hardware = Spread(g.Hardware, k) }),
            (g => g.Models.Count, (g, k) => g with { Models = Spread(g.Models, k) }),
            (g => g.Disaggregated.Count, (g, k) => g with { Disaggregated = Spread(g.Disaggregated, k) }),
            (g => g.PrefillGpus.Count, (g, k) => g with { PrefillGpus = Spread(g.PrefillGpus, k) }),
            (g => g.DecodeGpus.Count, (g, k) => g with { DecodeGpus = Spread(g.DecodeGpus, k) }),
            (g => g.DecodeInstances.Count, (g, k) => g with { DecodeInstances = Spread(g.DecodeInstances, k) }),
            (g => g.PrefillTp.Count, (g, k) => g with { PrefillTp = Spread(g.PrefillTp, k) }),
            (g => g.PrefillEp.Count, (g, k) => g with { PrefillEp = Spread(g.PrefillEp, k) }),
        ];
        var sample = grid;
        while (sample.Count > target)
        {
            var s = sample;
            var (length, cut) = axes.MaxBy(a => a.Length(s));
            int n = length(sample);
            if (n <= 1)
            {
                long perBatch = sample.Count / sample.Batch.Count;
                return sample with { Batch = Spread(sample.Batch, (int)Math.Max(1, target / perBatch)) };
            }

            sample = cut(sample, (n + 1) / 2);
        }

        return sample;
    }

    private static string Sci(double value) => value < 1e6
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.0#e0", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => seconds switch
    {
        < 1 => "under a second",
        < 120 => $"{CliOutput.Number(seconds, 2)} s",
        < 7200 => $"{CliOutput.Number(seconds / 60, 2)} minutes",
        _ => $"{CliOutput.Number(seconds / 3600, 2)} hours",
    };
}
