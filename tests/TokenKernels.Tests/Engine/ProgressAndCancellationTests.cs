using System.Diagnostics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

public class ProgressAndCancellationTests
{
    /// <summary>About 4e9 configurations: far more than any test could finish, so only cancellation ends it.</summary>
    private static SweepGrid Huge() => new()
    {
        Hardware = [Synthetic.Gpu()],
        Models = [Synthetic.Moe()],
        Gpus = [1, 2, 4, 8],
        Tp = [0, 1],
        Batch = Enumerable.Range(1, 4096).ToList(),
        InputTokens = Enumerable.Range(1, 60_000).ToList(),
        OutputTokens = [100, 1000],
        Profile = EfficiencyProfile.Priors,
    };

    [Theory]
    [InlineData(SweepBackend.Cpu)]
    [InlineData(SweepBackend.Scalar)]
    public void Frontier_HonoursCancellationPromptly(SweepBackend backend)
    {
        using var engine = new SweepEngine(backend);
        using var cts = new CancellationTokenSource();
        var clock = new Stopwatch();
        var progress = new SyncProgress(p =>
        {
            // Cancel once work is under way, then time how long the engine takes to notice.
            if (p.Done > 0 && !cts.IsCancellationRequested)
            {
                clock.Start();
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => engine.Frontier(Huge(), progress, cts.Token));

        // Chunks last ~40 ms; 100 ms is the contract, 1 s leaves room for a loaded 2-core CI machine.
        Assert.InRange(clock.ElapsedMilliseconds, 0, 1000);
    }

    [Fact]
    public void Frontier_ReportsMonotoneProgressEndingAtTheTotal()
    {
        var g = Huge() with { InputTokens = Enumerable.Range(1, 20).ToList() };
        using var engine = new SweepEngine(SweepBackend.Cpu);
        var reports = new List<SweepProgress>();

        engine.Frontier(g, new SyncProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(g.Count, r.Total));
        Assert.True(reports.Zip(reports.Skip(1)).All(x => x.First.Done <= x.Second.Done));
        Assert.Equal(g.Count, reports[^1].Done);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which would race the asserts).</summary>
    private sealed class SyncProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
