using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>
/// The one loop every launcher runs: decode the first index, then for each index of the range build the deployment,
/// call <see cref="ServingModel.Evaluate"/> and hand feasible results to a sink. Kernel-safe; kernels and the managed
/// backends call it with their own tables and sinks.
/// </summary>
internal static class GridWalker
{
    /// <summary>
    /// Evaluates indices [start, end) and returns how many were feasible. The load-independent part
    /// (<see cref="ServingModel.Prepare"/>) is computed once per layout, the lengths' part
    /// (<see cref="ServingModel.PrepareLoad"/>) once per lengths, and <see cref="ServingModel.ServeBatch"/> per batch;
    /// a layout that cannot run skips its whole load block, and batches past the first whose KV cache does not fit
    /// skip the rest of their batch block.
    /// </summary>
    public static long Walk<TTables, TSink>(in GridShape shape, in TTables tables, ref TSink sink, long start, long end)
        where TTables : struct, IGridTables
        where TSink : struct, IPointSink
    {
        if (start >= end)
        {
            return 0;
        }

        var c = shape.Decode(start);
        int hwIndex = -1;
        int modelIndex = -1;
        var hw = default(PackedHardware);
        var model = default(PackedModel);
        var prep = default(PreparedDeployment);
        var load = default(PreparedLoad);
        double firstKvInfeasible = double.PositiveInfinity;
        var d = default(PackedDeployment);
        bool layoutChanged = true;
        int level = 0;
        long feasible = 0;
        for (long i = start; i < end; i++)
        {
            // Hardware and model are outer axes: fetch their large structs only when they change.
            if (c.Hardware != hwIndex)
            {
                hwIndex = c.Hardware;
                hw = tables.Hardware(hwIndex);
            }

            if (c.Model != modelIndex)
            {
                modelIndex = c.Model;
                model = tables.Model(modelIndex);
            }

            if (level <= 9)
            {
                d = shape.Deployment(tables, c, hw.UsdPerGpuHour);
            }
            else
            {
                shape.UpdateLoad(ref d, tables, c, level);
            }

            if (layoutChanged)
            {
                prep = ServingModel.Prepare(hw, model, d, shape.Profile);
            }

            if (prep.Reason != 0)
            {
                // Every load of this layout fails the same way: jump to the block's last index.
                i += shape.LoadBlock - 1 - shape.LoadOffset(c);
                shape.ToEndOfLoadBlock(ref c);
                level = shape.Advance(ref c);
                layoutChanged = level <= GridShape.LastLayoutAxis;
                continue;
            }

            if (level <= 11)
            {
                load = ServingModel.PrepareLoad(prep, model, d);
                firstKvInfeasible = shape.BatchAscending != 0 && load.Reason == 0
                    ? ServingModel.FirstKvInfeasibleBatch(prep, load)
                    : double.PositiveInfinity;
            }

            if (d.Batch >= firstKvInfeasible)
            {
                // Larger batches of these lengths hold more KV still: jump to the last batch of the block.
                i += shape.RBatch - 1 - c.Batch;
                c.Batch = shape.RBatch - 1;
                level = shape.Advance(ref c);
                layoutChanged = level <= GridShape.LastLayoutAxis;
                continue;
            }

            var r = ServingModel.ServeBatch(prep, load, model, d);
            if (r.Reason == 0)
            {
                if (shape.NeedsMemoryLimits != 0)
                {
                    ServingModel.MemoryLimits(prep, model, d, ref r);
                }

                feasible++;
                sink.Add(i, shape.Group(c), r);
            }

            level = shape.Advance(ref c);
            layoutChanged = level <= GridShape.LastLayoutAxis;
        }

        return feasible;
    }
}
