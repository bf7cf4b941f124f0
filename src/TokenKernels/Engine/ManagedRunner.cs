using System.Diagnostics;

namespace TokenKernels.Engine;

/// <summary>
/// Runs <see cref="GridWalker"/> over a grid in managed code: one thread (scalar) or ranges spread over every core, there
/// eight batch sizes at a time (<see cref="LaneWalker"/> on <see cref="Lane8"/>) where the CPU has 256-bit vectors.
/// Chunks are sized to about <see cref="ChunkSeconds"/> so that progress flows and cancellation is seen within 100 ms.
/// </summary>
internal static class ManagedRunner
{
    public const double ChunkSeconds = 0.04;

    /// <summary>The most indices one range of <see cref="Run{TSink}"/> walks: about 10-40 ms of feasible points on one core.</summary>
    private const long MaxRange = 1L << 20;

    /// <summary>Indices one worker takes at a time: about 5-10 ms of work, so cancellation is seen well within 100 ms.</summary>
    private const long WorkItem = 1L << 15;

    /// <summary>
    /// Every core pulls ranges from one shared counter into its own sink, with no barrier between chunks (a barrier
    /// makes every core wait for the slowest range, which costs most on a busy machine); the sinks are merged at the
    /// end, which is order-independent for every reduction (ties go to the lower index). Progress is reported from the
    /// calling thread about every <see cref="ChunkSeconds"/>.
    /// </summary>
    public static long RunPooled<TSink>(
        CompiledGrid grid,
        Func<TSink> createSink,
        Action<TSink> merge,
        IProgress<SweepProgress>? progress,
        CancellationToken cancellationToken)
        where TSink : struct, IManagedSink
    {
        long total = grid.Count;
        int workers = Environment.ProcessorCount;
        var shape = grid.Shape;
        var tables = grid.Tables;
        var sinks = new TSink[workers];
        var feasible = new long[workers];
        long next = 0;
        long done = 0;
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            tasks[w] = Task.Factory.StartNew(
                () =>
                {
                    var sink = createSink();
                    long count = 0;
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        long s = Interlocked.Add(ref next, WorkItem) - WorkItem;
                        if (s >= total)
                        {
                            break;
                        }

                        long e = Math.Min(total, s + WorkItem);
                        count += Walk(shape, tables, lanes: true, ref sink, s, e);
                        Interlocked.Add(ref done, e - s);
                    }

                    sinks[worker] = sink;
                    feasible[worker] = count;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        try
        {
            while (!Task.WaitAll(tasks, TimeSpan.FromSeconds(ChunkSeconds)))
            {
                progress?.Report(new SweepProgress(Interlocked.Read(ref done), total));
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // A worker's failure surfaces as itself, as it would on the scalar path.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new SweepProgress(total, total));
        long sum = 0;
        for (int w = 0; w < workers; w++)
        {
            merge(sinks[w]);
            sum += feasible[w];
        }

        return sum;
    }

    /// <summary>
    /// Walks every index with a fresh sink per range, merging each range's sink into the caller's accumulator in index
    /// order (so results do not depend on thread timing). Returns the feasible count.
    /// </summary>
    public static long Run<TSink>(
        CompiledGrid grid,
        bool parallel,
        Func<TSink> createSink,
        Action<TSink> merge,
        IProgress<SweepProgress>? progress,
        CancellationToken cancellationToken)
        where TSink : struct, IManagedSink
    {
        long total = grid.Count;
        int workers = parallel ? Environment.ProcessorCount : 1;
        int rangesPerChunk = parallel ? workers * 4 : 1;
        long chunk = Math.Min(total, 4096L * rangesPerChunk);
        long feasible = 0;
        var shape = grid.Shape;
        var tables = grid.Tables;
        var sinks = new TSink[rangesPerChunk];
        var counts = new long[rangesPerChunk];
        var clock = Stopwatch.StartNew();
        for (long start = 0; start < total;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long end = Math.Min(total, start + chunk);
            long span = end - start;
            int ranges = (int)Math.Min(rangesPerChunk, span);
            double begun = clock.Elapsed.TotalSeconds;
            void Range(int r)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return; // the check after this chunk throws; ranges not yet begun are not walked
                }

                long s = start + (span * r / ranges);
                long e = start + (span * (r + 1) / ranges);
                var sink = createSink();
                counts[r] = Walk(shape, tables, lanes: parallel, ref sink, s, e);
                sinks[r] = sink;
            }

            if (ranges > 1)
            {
                Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = workers }, Range);
            }
            else
            {
                Range(0);
            }

            for (int r = 0; r < ranges; r++)
            {
                // A merge can be slow (streaming writes each range's points out), so a cancellation is seen between ranges.
                cancellationToken.ThrowIfCancellationRequested();
                feasible += counts[r];
                merge(sinks[r]);
                sinks[r] = default;
            }

            start = end;
            progress?.Report(new SweepProgress(start, total));

            // Grow or shrink the next chunk toward the target wall time, at most doubling it: one chunk that ran while the
            // machine was idle must not size the next for an idle machine (cancellation is only seen between ranges).
            double took = clock.Elapsed.TotalSeconds - begun;
            double rate = span / Math.Max(took, 1e-6);
            // A range is also capped at MaxRange configurations: after a stretch of pruned (infeasible) layouts the rate
            // is no guide to the next, feasible stretch, and a range is only left early at its start.
            chunk = Math.Clamp((long)Math.Min(rate * ChunkSeconds, 2.0 * span), 1024L * rangesPerChunk, MaxRange * rangesPerChunk);
        }

        return feasible;
    }

    /// <summary>
    /// Whether the every-core path walks four batches at a time (default); the benchmarks turn it off to measure the
    /// scalar walk on every core in the same run.
    /// </summary>
    internal static bool UseLanes { get; set; } = true;

    /// <summary>
    /// Batch sizes per call of the physics on the every-core path: 8 (<see cref="Lane8"/>, default) or 4
    /// (<see cref="Lane4"/>); the benchmarks set it to measure each in the same run.
    /// </summary>
    internal static int LaneWidth { get; set; } = 8;

    /// <summary>The lane walker where asked for and the CPU accelerates 256-bit vectors, else the scalar walker: the same results.</summary>
    private static long Walk<TSink>(in GridShape shape, HostTables tables, bool lanes, ref TSink sink, long start, long end)
        where TSink : struct, IManagedSink =>
        !(lanes && UseLanes && Lane4.IsAccelerated) ? GridWalker.Walk(shape, tables, ref sink, start, end)
        : LaneWidth == Lane4.Width ? LaneWalker.Walk<Lane4, TSink>(shape, tables, ref sink, start, end)
        : LaneWalker.Walk<Lane8, TSink>(shape, tables, ref sink, start, end);
}
