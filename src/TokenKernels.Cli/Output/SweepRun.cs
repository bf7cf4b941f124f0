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

    // The sample the speed is measured on: large enough to time, small enough to cost a fraction of a second.
    private const long SampleTarget = 100_000;

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
            // Two samples, the second 8x the first, each run after a warm-up (JIT, kernel loading): the difference of their
            // times is the per-configuration cost, the rest a fixed cost per run (grid compilation, threads). Timing one
            // small sample alone made a 7 s sweep of 5e8 configurations announce 15 minutes.
            var small = SampleOf(grid, SampleTarget);
            var large = SampleOf(grid, 8 * SampleTarget);
            var measure = sample ?? ((g, ct) => engine.Frontier(g, null, ct));
            measure(small, cancellationToken);
            double Time(SweepGrid g)
            {
                var clock = Stopwatch.StartNew();
                measure(g, cancellationToken);
                return clock.Elapsed.TotalSeconds;
            }

            double tSmall = Time(small);
            double tLarge = Time(large);
            double perConfig = large.Count > small.Count && tLarge > tSmall
                ? (tLarge - tSmall) / (large.Count - small.Count)
                : Math.Max(tLarge, 1e-6) / large.Count;
            double seconds = Math.Max(0, tSmall - (perConfig * small.Count)) + (count * perConfig);
            double speed = count / Math.Max(seconds, 1e-6);
            parse.InvocationConfiguration.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"sweep: {count:N0} configurations ({Sci(count)}), about {Duration(seconds)} on {engine.Description} at {Sci(speed)} configurations/s (measured on samples of {Sci(small.Count)} and {Sci(large.Count)})"));
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

    /// <summary><paramref name="k"/> values spread evenly over <paramref name="values"/>, first and last included.</summary>
    private static List<T> Spread<T>(IReadOnlyList<T> values, int k) =>
        k >= values.Count ? [.. values] : [.. Enumerable.Range(0, k).Select(i => values[k == 1 ? values.Count - 1 : (int)Math.Round(i * (values.Count - 1) / (double)(k - 1))])];

    /// <summary>
    /// The grid with its axes thinned, innermost first, until at most <paramref name="target"/> configurations are left
    /// (or every axis is at its floor).
    /// </summary>
    private static SweepGrid SampleOf(SweepGrid grid, long target)
    {
        (Func<SweepGrid, int> Length, Func<SweepGrid, int, SweepGrid> Cut)[] axes =
        [
            (g => g.Models.Count, (g, k) => g with { Models = Spread(g.Models, k) }),
            (g => g.Hardware.Count, (g, k) => g with { Hardware = Spread(g.Hardware, k) }),
            (g => g.Weights.Count, (g, k) => g with { Weights = Spread(g.Weights, k) }),
            (g => g.KvCache.Count, (g, k) => g with { KvCache = Spread(g.KvCache, k) }),
            (g => g.MtpAcceptance.Count, (g, k) => g with { MtpAcceptance = Spread(g.MtpAcceptance, k) }),
            (g => g.Pp.Count, (g, k) => g with { Pp = Spread(g.Pp, k) }),
            (g => g.Dp.Count, (g, k) => g with { Dp = Spread(g.Dp, k) }),
            (g => g.Tp.Count, (g, k) => g with { Tp = Spread(g.Tp, k) }),
            (g => g.Ep.Count, (g, k) => g with { Ep = Spread(g.Ep, k) }),
            (g => g.Gpus.Count, (g, k) => g with { Gpus = Spread(g.Gpus, k) }),
            (g => g.OutputTokens.Count, (g, k) => g with { OutputTokens = Spread(g.OutputTokens, k) }),
            (g => g.InputTokens.Count, (g, k) => g with { InputTokens = Spread(g.InputTokens, k) }),
            (g => g.Batch.Count, (g, k) => g with { Batch = Spread(g.Batch, k) }),
        ];
        // Innermost axes are thinned first, each to evenly spread values, so the sample keeps every hardware, layout and
        // GPU count: a sweep's speed depends on how its reduction prunes across them (a frontier of one layout keeps every
        // batch, one over many discards most points), and a prefix of the outer axes measured 25-50x too slow. The batch
        // axis keeps at least 64 values, so the work prepared once per layout is amortised as in the full run.
        var sample = grid;
        for (int a = axes.Length - 1; a >= 0; a--)
        {
            var (length, cut) = axes[a];
            long count = sample.Count;
            if (count <= target)
            {
                break;
            }

            // Keep the share of this axis that brings the count to the target (at least one value).
            int n = length(sample);
            int floor = a == axes.Length - 1 ? Math.Min(n, 64) : 1;
            sample = cut(sample, (int)Math.Max(floor, Math.Floor(n * (double)target / count)));
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
