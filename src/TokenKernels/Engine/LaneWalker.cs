using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>
/// <see cref="GridWalker"/> for the managed CPU path, several batch sizes per call (<see cref="Lane8"/>: eight; <see cref="Lane4"/>: four): per block of batches (one layout, one
/// set of lengths) it prepares as the walker does, then runs <see cref="ServingModel.ServeRates{T}"/> on
/// lanes of the given type (a short last group repeats its last batch in the spare lanes, which are dropped), asks the
/// sink which feasible lanes it wants (<see cref="IManagedSink.Wants"/>, from tok/s/user and output tok/s/GPU alone), and
/// only where it wants one runs <see cref="ServingModel.ServeDetails{T}"/> and hands those lanes to it in index order,
/// each filled exactly as <see cref="ServingModel.ServeBatch"/> fills it (a frontier rejects most lanes, so most groups
/// skip the details: TTFT, per-pool rates, cost).
/// Same results as <see cref="GridWalker.Walk"/>, bit for bit; the same skips (a layout that cannot run, batches past the
/// first whose KV cache does not fit).
/// </summary>
internal static class LaneWalker
{
    /// <summary>Evaluates indices [start, end) and returns how many were feasible.</summary>
    public static long Walk<TLanes, TSink>(in GridShape shape, HostTables tables, ref TSink sink, long start, long end)
        where TLanes : struct, IWideLanes<TLanes>
        where TSink : struct, IManagedSink
    {
        long feasible = 0;
        long preparedLayout = -1;
        var prep = default(PreparedDeployment);
        Span<double> batches = stackalloc double[TLanes.Width];
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
            for (long j = i; j < blockEnd; j += TLanes.Width)
            {
                int lanes = (int)Math.Min(TLanes.Width, blockEnd - j);
                int firstBatch = startBatch + (int)(j - i);
                for (int k = 0; k < TLanes.Width; k++)
                {
                    batches[k] = tables.Int(shape.OBatch + firstBatch + Math.Min(k, lanes - 1));
                }

                if (batches[0] >= firstKvInfeasible)
                {
                    // Larger batches of these lengths hold more KV still.
                    break;
                }

                var batch = TLanes.Load(batches);
                ServingModel.ServeRates(prep, load, d, batch, out var served);
                int feasibleLanes = TLanes.ZeroLanes(served.Reason) & ((1 << lanes) - 1);
                feasible += System.Numerics.BitOperations.PopCount((uint)feasibleLanes);
                int wanted = 0;
                while (feasibleLanes != 0)
                {
                    int k = System.Numerics.BitOperations.TrailingZeroCount(feasibleLanes);
                    feasibleLanes &= feasibleLanes - 1;
                    if (sink.Wants(j + k, firstGroup + ((firstBatch + k) * shape.GBatch), TLanes.Lane(served.TokSUser, k), TLanes.Lane(served.OutputTokSGpu, k)))
                    {
                        wanted |= 1 << k;
                    }
                }

                if (wanted == 0)
                {
                    // The sink can do nothing with these lanes: the rest of the physics is not computed.
                    continue;
                }

                ServingModel.ServeDetails(prep, load, d, batch, ref served);
                while (wanted != 0)
                {
                    int k = System.Numerics.BitOperations.TrailingZeroCount(wanted);
                    wanted &= wanted - 1;
                    d.Batch = batches[k];
                    var r = default(PackedResult);
                    ServingModel.Identify(ref r, prep, d);
                    served.Fill(ref r, k, d.UsdPerGpuHour);
                    if (d.Load > 0 || d.Rate > 0)
                    {
                        ServingModel.AtLoad(prep, load, model, d, TLanes.Lane(served.RequestsPerSecond, k), TLanes.Lane(served.PrefillServerSeconds, k), ref r);
                    }

                    if (shape.NeedsMemoryLimits != 0)
                    {
                        ServingModel.MemoryLimits(prep, model, d, ref r);
                    }

                    sink.Add(j + k, firstGroup + ((firstBatch + k) * shape.GBatch), r);
                }
            }

            i = blockEnd;
        }

        return feasible;
    }
}
