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
    /// <summary>Evaluates indices [start, end) and returns how many were feasible.</summary>
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

            var d = shape.Deployment(tables, c, hw.UsdPerGpuHour);
            var r = ServingModel.Evaluate(hw, model, d, shape.Profile);
            if (r.Reason == 0)
            {
                feasible++;
                sink.Add(i, shape.Group(c), r);
            }

            shape.Advance(ref c);
        }

        return feasible;
    }
}
