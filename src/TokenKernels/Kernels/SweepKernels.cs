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

    /// <summary>Writes each thread's best (cost bits, index) to its slot; -1 index when it found none.</summary>
    public static void Cheapest(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, CheapestDeviceSink sink, ArrayView<long> partials, ArrayView<long> counters)
    {
        sink.BestCost = double.PositiveInfinity;
        sink.BestIndex = -1;
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        partials[2 * thread] = ReductionMath.Bits(sink.BestCost);
        partials[(2 * thread) + 1] = sink.BestIndex;
        Atomic.Add(ref counters[0], feasible);
    }

    public static void Stream(Index1D thread, GridShape shape, DeviceTables tables, LaunchRange range, StreamDeviceSink sink, ArrayView<long> counters)
    {
        long feasible = GridWalker.Walk(shape, tables, ref sink, range.First(thread), range.Last(thread));
        Atomic.Add(ref counters[0], feasible);
    }
}
