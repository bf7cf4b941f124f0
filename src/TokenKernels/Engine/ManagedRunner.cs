using System.Diagnostics;

namespace TokenKernels.Engine;

/// <summary>
/// Runs <see cref="GridWalker"/> over a grid in managed code: one thread (scalar) or ranges spread over every core.
/// Chunks are sized to about <see cref="ChunkSeconds"/> so that progress flows and cancellation is seen within 100 ms.
/// </summary>
internal static class ManagedRunner
{
    public const double ChunkSeconds = 0.04;

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
        CancellationToken cancellationToken,
        long progressOffset = 0,
        long progressTotal = -1)
        where TSink : struct, IPointSink
    {
        long total = grid.Count;
        long reportTotal = progressTotal < 0 ? total : progressTotal;
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
                long s = start + (span * r / ranges);
                long e = start + (span * (r + 1) / ranges);
                var sink = createSink();
                counts[r] = GridWalker.Walk(shape, tables, ref sink, s, e);
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
                feasible += counts[r];
                merge(sinks[r]);
                sinks[r] = default;
            }

            start = end;
            progress?.Report(new SweepProgress(progressOffset + start, reportTotal));

            // Grow or shrink the next chunk toward the target wall time.
            double took = clock.Elapsed.TotalSeconds - begun;
            double rate = span / Math.Max(took, 1e-6);
            chunk = Math.Clamp((long)(rate * ChunkSeconds), 1024L * rangesPerChunk, 1L << 30);
        }

        return feasible;
    }
}
