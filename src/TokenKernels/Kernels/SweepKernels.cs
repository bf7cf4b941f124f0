using ILGPU;
using TokenKernels.Engine;

namespace TokenKernels.Kernels;

/// <summary>
/// ILGPU entry points. Each thread walks its own range of grid indices with <see cref="GridWalker"/> (which calls
/// <see cref="Physics.ServingModel.Evaluate"/>) into a reducing sink, then adds its feasible count to counters[0].
/// </summary>
internal static class SweepKernels
{
    public static void FrontierBins(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, FrontierBinSink sink, ArrayView<long> counters)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref counters[0], feasible);
    }

    public static void FrontierEmit(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, FrontierEmitSink sink)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref sink.Counters[0], feasible);
    }

    public static void MetricHistogram(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, MetricHistogramSink sink, ArrayView<long> counters)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref counters[0], feasible);
    }

    public static void MetricEmit(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, MetricEmitSink sink)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref sink.Counters[0], feasible);
    }

    /// <summary>Lowers best[0] (cost bits) to each thread's cheapest qualifying cost: one atomic per thread.</summary>
    public static void Cheapest(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, CheapestDeviceSink sink, ArrayView<long> best, ArrayView<long> counters)
    {
        sink.BestCost = double.PositiveInfinity;
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        if (sink.BestCost < double.PositiveInfinity)
        {
            Atomic.Min(ref best[0], ReductionMath.Bits(sink.BestCost));
        }

        Atomic.Add(ref counters[0], feasible);
    }

    public static void CheapestEmit(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, CheapestEmitSink sink)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref sink.Counters[0], feasible);
    }

    public static void Stream(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, StreamDeviceSink sink, ArrayView<long> counters)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref counters[0], feasible);
    }
}
