using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace TokenKernels.Cli.Output;

/// <summary>
/// Progress of long work on stderr, so stdout stays the result: a Spectre.Console progress bar when stderr is a
/// terminal, else a plain line every <see cref="IntervalSeconds"/> (none for work that ends sooner). Thread-safe:
/// the engine reports from its worker threads.
/// </summary>
public sealed class CliProgress
{
    /// <summary>Environment variable overriding the seconds between plain progress lines (default 10).</summary>
    public const string IntervalVariable = "TOKENKERNELS_PROGRESS_INTERVAL_S";

    private readonly object _gate = new();
    private readonly string _what;
    private readonly TextWriter? _plain;
    private readonly ProgressTask? _bar;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _nextLine;

    private CliProgress(string what, TextWriter? plain, ProgressTask? bar)
    {
        _what = what;
        _plain = plain;
        _bar = bar;
        _nextLine = IntervalSeconds;
    }

    /// <summary>Seconds between plain progress lines (from <see cref="IntervalVariable"/>, default 10).</summary>
    public static double IntervalSeconds =>
        double.TryParse(Environment.GetEnvironmentVariable(IntervalVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? s : 10;

    /// <summary>Runs <paramref name="work"/>, showing the progress it reports under the name <paramref name="what"/>.</summary>
    public static T Run<T>(ParseResult parse, string what, Func<CliProgress, T> work)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(work);
        var error = parse.InvocationConfiguration.Error;
        if (!(ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected))
        {
            return work(new CliProgress(what, error, null));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask(CliOutput.Text(what), maxValue: 1.0);
            result = work(new CliProgress(what, null, task));
            task.Value = 1.0;
        });
        return result;
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> units of work.</summary>
    public void Report(double done, double total)
    {
        double fraction = total > 0 ? Math.Clamp(done / total, 0, 1) : 1;
        if (_bar is not null)
        {
            _bar.Value = fraction;
            return;
        }

        double elapsed = _clock.Elapsed.TotalSeconds;
        lock (_gate)
        {
            if (_plain is null || elapsed < _nextLine)
            {
                return;
            }

            _nextLine = elapsed + IntervalSeconds;
            string left = fraction > 0 ? $", about {CliOutput.Number(elapsed * (1 - fraction) / fraction, 2)} s left" : "";
            _plain.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_what}: {fraction * 100:F0}% done, {elapsed:F0} s elapsed{left}"));
        }
    }

    /// <summary>A counter of finished units (each report adds its value) out of <paramref name="total"/>, e.g. loss evaluations of a fit.</summary>
    public IProgress<int> Counting(long total) => new CountingReporter(this, total);

    /// <summary>This reporter as the engine's <see cref="IProgress{T}"/> (called on the reporting thread, no context switch).</summary>
    public IProgress<SweepProgress> ForSweep() => new SweepReporter(this);

    private sealed class CountingReporter(CliProgress owner, long total) : IProgress<int>
    {
        private long _done;

        public void Report(int value) => owner.Report(Interlocked.Add(ref _done, value), total);
    }

    private sealed class SweepReporter(CliProgress owner) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => owner.Report(value.Done, value.Total);
    }
}
