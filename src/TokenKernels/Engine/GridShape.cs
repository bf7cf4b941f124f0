using TokenKernels.Packing;

namespace TokenKernels.Engine;

/// <summary>
/// A grid's radices, table offsets, grouping strides and fixed settings: everything a kernel needs besides the value
/// tables, passed by value. Index = mixed radix over <see cref="SweepAxis"/> order (batch fastest). Kernel-safe.
/// </summary>
internal struct GridShape
{
    public int RModel, RHardware, RGpus, RTp, REp, RDp, RPp, RWeights, RKvCache, RMtp, ROsl, RIsl, RBatch;

    /// <summary>Offsets of each integer axis in the integer table; MTP acceptance starts at 0 in the real table.</summary>
    public int OGpus, OTp, OEp, ODp, OPp, OWeights, OKvCache, OOsl, OIsl, OBatch;

    /// <summary>Group = sum of digit x stride over the axes kept apart (model and hardware always); 0 for the others.</summary>
    public int GModel, GHardware, GGpus, GTp, GEp, GDp, GPp, GWeights, GKvCache, GMtp, GOsl, GIsl, GBatch;

    /// <summary>Group stride of the serving mode (0 unless kept apart); pools from <see cref="FirstDisaggregatedPool"/> on are disaggregated.</summary>
    public int GDisaggregated, FirstDisaggregatedPool;

    public PackedProfile Profile;
    public double PrefixCacheHit;

    /// <summary>Drafted tokens per step; -1 = ceil(acceptance - 1), the fewest that allow the acceptance length.</summary>
    public int MtpDraftTokens;
    public int PrefillChunkTokens;

    /// <summary>The grid's <see cref="Packing.PackedDeployment.Eager"/> and <see cref="Packing.PackedDeployment.AdpBalance"/> (0 or 1), for every point.</summary>
    public int Eager, AdpBalance;

    /// <summary>Offered load (share of each configuration's capacity) for TTFT at load; 0 = none.</summary>
    public double Load;

    /// <summary>Offered request rate (requests/s) for TTFT at load, instead of <see cref="Load"/>; 0 = none.</summary>
    public double Rate;

    /// <summary>
    /// A length mix instead of the isl and osl axes (each then of one dummy value): its mean input and output tokens,
    /// mean context in decode, longest request and cap (<see cref="Packing.PackedDeployment.MixContextTokens"/>);
    /// MixInputTokens 0 = no mix.
    /// </summary>
    public double MixInputTokens, MixOutputTokens, MixContextTokens, MixLongestTokens, ContextCap;

    /// <summary>$/GPU-hour for every hardware; 0 = each hardware's own price.</summary>
    public double UsdPerGpuHour;

    /// <summary>1 when sinks need <see cref="Physics.PackedResult.MaxBatch"/> and MaxContext (an SLA on context), which Serve leaves out.</summary>
    public int NeedsMemoryLimits;

    /// <summary>1 when the batch axis ascends, so every batch after the first whose KV cache does not fit fails too.</summary>
    public int BatchAscending;

    public readonly GridCursor Decode(long index)
    {
        var c = default(GridCursor);
        long q = index;
        c.Batch = (int)(q % RBatch);
        q /= RBatch;
        c.Isl = (int)(q % RIsl);
        q /= RIsl;
        c.Osl = (int)(q % ROsl);
        q /= ROsl;
        c.Mtp = (int)(q % RMtp);
        q /= RMtp;
        c.KvCache = (int)(q % RKvCache);
        q /= RKvCache;
        c.Weights = (int)(q % RWeights);
        q /= RWeights;
        c.Pp = (int)(q % RPp);
        q /= RPp;
        c.Dp = (int)(q % RDp);
        q /= RDp;
        c.Ep = (int)(q % REp);
        q /= REp;
        c.Tp = (int)(q % RTp);
        q /= RTp;
        c.Gpus = (int)(q % RGpus);
        q /= RGpus;
        c.Hardware = (int)(q % RHardware);
        q /= RHardware;
        c.Model = (int)q;
        return c;
    }

    /// <summary>
    /// Moves to the next index like an odometer (far cheaper than <see cref="Decode"/>'s thirteen divisions) and returns
    /// the outermost <see cref="SweepAxis"/> whose digit changed: at most <see cref="LastLayoutAxis"/> means the
    /// load-independent part of the configuration changed.
    /// </summary>
    public readonly int Advance(ref GridCursor c)
    {
        if (++c.Batch < RBatch) return (int)SweepAxis.Batch;
        c.Batch = 0;
        if (++c.Isl < RIsl) return (int)SweepAxis.InputTokens;
        c.Isl = 0;
        if (++c.Osl < ROsl) return (int)SweepAxis.OutputTokens;
        c.Osl = 0;
        if (++c.Mtp < RMtp) return (int)SweepAxis.MtpAcceptance;
        c.Mtp = 0;
        if (++c.KvCache < RKvCache) return (int)SweepAxis.KvCache;
        c.KvCache = 0;
        if (++c.Weights < RWeights) return (int)SweepAxis.Weights;
        c.Weights = 0;
        if (++c.Pp < RPp) return (int)SweepAxis.Pp;
        c.Pp = 0;
        if (++c.Dp < RDp) return (int)SweepAxis.Dp;
        c.Dp = 0;
        if (++c.Ep < REp) return (int)SweepAxis.Ep;
        c.Ep = 0;
        if (++c.Tp < RTp) return (int)SweepAxis.Tp;
        c.Tp = 0;
        if (++c.Gpus < RGpus) return (int)SweepAxis.Gpus;
        c.Gpus = 0;
        if (++c.Hardware < RHardware) return (int)SweepAxis.Hardware;
        c.Hardware = 0;
        c.Model++;
        return (int)SweepAxis.Model;
    }

    /// <summary>The innermost axis that <see cref="Physics.ServingModel.Prepare"/> reads (the KV-cache precision).</summary>
    public const int LastLayoutAxis = (int)SweepAxis.KvCache;

    /// <summary>Indices that share one layout: the product of the load axes (MTP, osl, isl, batch).</summary>
    public readonly long LoadBlock => (long)RMtp * ROsl * RIsl * RBatch;

    /// <summary>Position of a cursor inside its load block.</summary>
    public readonly long LoadOffset(in GridCursor c) => ((((((long)c.Mtp * ROsl) + c.Osl) * RIsl) + c.Isl) * RBatch) + c.Batch;

    /// <summary>Puts the cursor on the last index of its load block (so the next <see cref="Advance"/> leaves the block).</summary>
    public readonly void ToEndOfLoadBlock(ref GridCursor c)
    {
        c.Mtp = RMtp - 1;
        c.Osl = ROsl - 1;
        c.Isl = RIsl - 1;
        c.Batch = RBatch - 1;
    }

    public readonly int Group(in GridCursor c) =>
        (c.Model * GModel) + (c.Hardware * GHardware) + (c.Gpus * GGpus) + (c.Tp * GTp) + (c.Ep * GEp) + (c.Dp * GDp)
        + (c.Pp * GPp) + (c.Weights * GWeights) + (c.KvCache * GKvCache) + (c.Mtp * GMtp) + (c.Osl * GOsl)
        + (c.Isl * GIsl) + (c.Batch * GBatch) + (c.Gpus >= FirstDisaggregatedPool ? GDisaggregated : 0);

    /// <summary>
    /// Brings a deployment up to date after <see cref="Advance"/> moved only the lengths or batch (level 10 to 12):
    /// cheaper than rebuilding it with <see cref="Deployment"/>.
    /// </summary>
    public readonly void UpdateLoad<TTables>(ref PackedDeployment d, in TTables t, in GridCursor c, int level)
        where TTables : struct, IGridTables
    {
        d.Batch = t.Int(OBatch + c.Batch);
        if (MixInputTokens > 0)
        {
            return;
        }

        if (level <= 11)
        {
            d.InputTokens = t.Int(OIsl + c.Isl);
        }

        if (level <= 10)
        {
            d.OutputTokens = t.Int(OOsl + c.Osl);
        }
    }

    /// <summary>
    /// The deployment at a cursor. The pool (<see cref="GridPool"/>) gives the instance: all its GPUs when colocated, decode
    /// GPUs / instances when disaggregated. tp or dp of 0 means "the rest" of the instance: tp = gpus / (dp x pp) (dp = 1
    /// when both are 0, as <see cref="DeploymentPacker"/> does), dp = gpus / (tp x pp); a remainder leaves
    /// tp x dp x pp != gpus, and instances that do not divide the decode pool leave tp 0, which
    /// <see cref="Physics.Layout.Check"/> flags as infeasible.
    /// </summary>
    public readonly PackedDeployment Deployment<TTables>(in TTables t, in GridCursor c, double hardwareUsdPerGpuHour)
        where TTables : struct, IGridTables
    {
        int pool = OGpus + (GridPool.Ints * c.Gpus);
        int disaggregated = t.Int(pool + 1);
        int prefillGpus = t.Int(pool + 2);
        int decodeGpus = t.Int(pool + 3);
        int instances = t.Int(pool + 4);
        int prefillTp = t.Int(pool + 5);
        int prefillEp = t.Int(pool + 6);
        int gpus = disaggregated != 0 ? decodeGpus / instances : t.Int(pool);
        bool divides = disaggregated == 0 || gpus * instances == decodeGpus;
        int tp = t.Int(OTp + c.Tp);
        int dp = t.Int(ODp + c.Dp);
        int pp = t.Int(OPp + c.Pp);
        if (tp == 0 && dp == 0)
        {
            dp = 1;
        }

        if (tp == 0)
        {
            tp = Math.Max(1, gpus / (dp * pp));
        }
        else if (dp == 0)
        {
            dp = Math.Max(1, gpus / (tp * pp));
        }

        double acceptance = t.Real(c.Mtp);
        return new PackedDeployment
        {
            InstanceGpus = gpus,
            Tp = divides ? tp : 0,
            Ep = t.Int(OEp + c.Ep),
            Dp = dp,
            Pp = pp,
            Disaggregated = disaggregated,
            PrefillGpus = prefillGpus,
            DecodeGpus = decodeGpus,
            PrefillTp = prefillTp,
            PrefillEp = prefillEp,
            WeightPrecision = (Precision)t.Int(OWeights + c.Weights),
            KvPrecision = (Precision)t.Int(OKvCache + c.KvCache),
            Batch = t.Int(OBatch + c.Batch),
            InputTokens = MixInputTokens > 0 ? MixInputTokens : t.Int(OIsl + c.Isl),
            OutputTokens = MixInputTokens > 0 ? MixOutputTokens : t.Int(OOsl + c.Osl),
            MixContextTokens = MixContextTokens,
            MixLongestTokens = MixLongestTokens,
            ContextCap = ContextCap,
            Rate = Rate,
            PrefixCacheHit = PrefixCacheHit,
            MtpDraftTokens = MtpDraftTokens >= 0 ? MtpDraftTokens : Math.Ceiling(acceptance - 1.0),
            MtpAcceptanceLength = acceptance,
            PrefillChunkTokens = PrefillChunkTokens,
            Eager = Eager,
            AdpBalance = AdpBalance,
            UsdPerGpuHour = UsdPerGpuHour > 0 ? UsdPerGpuHour : hardwareUsdPerGpuHour,
            Load = Load,
        };
    }
}
