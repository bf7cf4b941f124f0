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
            var probe = SampleOf(grid);
            var clock = Stopwatch.StartNew();
            (sample ?? ((g, ct) => engine.Frontier(g, null, ct)))(probe, cancellationToken);
            double speed = probe.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
            parse.InvocationConfiguration.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"sweep: {count:N0} configurations ({Sci(count)}), about {Duration(count / speed)} on {engine.Description} at {Sci(speed)} configurations/s (measured on a sample of {Sci(probe.Count)})"));
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
    /// The grid with its axes cut to a prefix, outer axes first, until at most <see cref="SampleTarget"/> configurations
    /// are left: the batch axis, innermost and fastest, is cut last so the per-layout work is amortised as in the full run.
    /// </summary>
    private static SweepGrid SampleOf(SweepGrid grid)
    {
        (Func<SweepGrid, int> Length, Func<SweepGrid, int, SweepGrid> Cut)[] axes =
        [
            (g => g.Models.Count, (g, k) => g with { Models = [.. g.Models.Take(k)] }),
            (g => g.Hardware.Count, (g, k) => g with { Hardware = [.. g.Hardware.Take(k)] }),
            (g => g.Weights.Count, (g, k) => g with { Weights = [.. g.Weights.Take(k)] }),
            (g => g.KvCache.Count, (g, k) => g with { KvCache = [.. g.KvCache.Take(k)] }),
            (g => g.MtpAcceptance.Count, (g, k) => g with { MtpAcceptance = [.. g.MtpAcceptance.Take(k)] }),
            (g => g.Pp.Count, (g, k) => g with { Pp = [.. g.Pp.Take(k)] }),
            (g => g.Dp.Count, (g, k) => g with { Dp = [.. g.Dp.Take(k)] }),
            (g => g.Tp.Count, (g, k) => g with { Tp = [.. g.Tp.Take(k)] }),
            (g => g.Ep.Count, (g, k) => g with { Ep = [.. g.Ep.TakeLast(k)] }),
            (g => g.Gpus.Count, (g, k) => g with { Gpus = [.. g.Gpus.TakeLast(k)] }),
            (g => g.OutputTokens.Count, (g, k) => g with { OutputTokens = [.. g.OutputTokens.Take(k)] }),
            (g => g.InputTokens.Count, (g, k) => g with { InputTokens = [.. g.InputTokens.Take(k)] }),
            (g => g.Batch.Count, (g, k) => g with { Batch = [.. g.Batch.Take(k)] }),
        ];
        var sample = grid;
        foreach (var (length, cut) in axes)
        {
            long count = sample.Count;
            if (count <= SampleTarget)
            {
                break;
            }

            // Keep the share of this axis that brings the count to the target (at least one value).
            int n = length(sample);
            sample = cut(sample, (int)Math.Max(1, Math.Floor(n * (double)SampleTarget / count)));
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
