using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>
/// <see cref="GridWalker"/> for the managed CPU path, four batch sizes per call: per block of batches (one layout, one
/// set of lengths) it prepares as the walker does, then runs <see cref="ServingModel.ServeLanes{T}"/> on
/// <see cref="Lane4"/> lanes (a short last group repeats its last batch in the spare lanes, which are dropped) and hands
/// the feasible lanes the sink wants (<see cref="IManagedSink.Wants"/>) to it in index order, each filled exactly as
/// <see cref="ServingModel.ServeBatch"/> fills it.
/// Same results as <see cref="GridWalker.Walk"/>, bit for bit; the same skips (a layout that cannot run, batches past the
/// first whose KV cache does not fit).
/// </summary>
internal static class LaneWalker
{
    /// <summary>Evaluates indices [start, end) and returns how many were feasible.</summary>
    public static long Walk<TSink>(in GridShape shape, HostTables tables, ref TSink sink, long start, long end)
        where TSink : struct, IManagedSink
    {
        long feasible = 0;
        long preparedLayout = -1;
        var prep = default(PreparedDeployment);
        Span<double> batches = stackalloc double[Lane4.Width];
        for (long i = start; i < end;)
        {
            var c = shape.Decode(i);
            var hw = tables.HardwareTable[c.Hardware];
            var model = tables.ModelTable[c.Model];
            var d = shape.Deployment(tables, c, hw.UsdPerGpuHour);
            long layout = i / shape.LoadBlock;
            if (layout != preparedLayout)
            {
                prep = ServingModel.Prepare(hw, model, d, shape.Profile);
                preparedLayout = layout;
            }

            if (prep.Reason != 0)
            {
                // Every load of this layout fails the same way.
                i = Math.Min(end, (layout + 1) * shape.LoadBlock);
                continue;
            }

            int startBatch = c.Batch;
            long blockEnd = Math.Min(end, i - startBatch + shape.RBatch);
            var load = ServingModel.PrepareLoad(prep, model, d);
            if (load.Reason != 0)
            {
                i = blockEnd;
                continue;
            }

            // The group is linear in the batch digit.
            c.Batch = 0;
            int firstGroup = shape.Group(c);
            double firstKvInfeasible = shape.BatchAscending != 0 ? ServingModel.FirstKvInfeasibleBatch(prep, load) : double.PositiveInfinity;
            for (long j = i; j < blockEnd; j += Lane4.Width)
            {
                int lanes = (int)Math.Min(Lane4.Width, blockEnd - j);
                int firstBatch = startBatch + (int)(j - i);
                for (int k = 0; k < Lane4.Width; k++)
                {
                    batches[k] = tables.Int(shape.OBatch + firstBatch + Math.Min(k, lanes - 1));
                }

                if (batches[0] >= firstKvInfeasible)
                {
                    // Larger batches of these lengths hold more KV still.
                    break;
                }

                ServingModel.ServeLanes(prep, load, d, Lane4.Load(batches), out var served);
                int feasibleLanes = Lane4.ZeroLanes(served.Reason) & ((1 << lanes) - 1);
                while (feasibleLanes != 0)
                {
                    int k = System.Numerics.BitOperations.TrailingZeroCount(feasibleLanes);
                    feasibleLanes &= feasibleLanes - 1;
                    feasible++;
                    int group = firstGroup + ((firstBatch + k) * shape.GBatch);
                    if (!sink.Wants(j + k, group, Lane4.Lane(served.TokSUser, k), Lane4.Lane(served.OutputTokSGpu, k)))
                    {
                        continue;
                    }

                    d.Batch = batches[k];
                    var r = default(PackedResult);
                    ServingModel.Identify(ref r, prep, d);
                    served.Fill(ref r, k, d.UsdPerGpuHour);
                    if (d.Load > 0 || d.Rate > 0)
                    {
                        ServingModel.AtLoad(prep, load, model, d, Lane4.Lane(served.RequestsPerSecond, k), Lane4.Lane(served.PrefillServerSeconds, k), ref r);
                    }

                    if (shape.NeedsMemoryLimits != 0)
                    {
                        ServingModel.MemoryLimits(prep, model, d, ref r);
                    }

                    sink.Add(j + k, group, r);
                }
            }

            i = blockEnd;
        }

        return feasible;
    }
}
