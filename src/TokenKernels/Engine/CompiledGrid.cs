using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>A checked grid: its pools, shape, host tables, number of groups and size.</summary>
internal sealed class CompiledGrid(SweepGrid grid, IReadOnlyList<GridPool> pools, GridShape shape, HostTables tables, int groups, long count)
{
    public SweepGrid Grid { get; } = grid;

    /// <summary>The values of the GPU-pool axis.</summary>
    public IReadOnlyList<GridPool> Pools { get; } = pools;

    public GridShape Shape { get; private set; } = shape;

    /// <summary>Makes every launcher fill max batch and max context for its sinks (an SLA on context needs them).</summary>
    public void RequireMemoryLimits()
    {
        var s = Shape;
        s.NeedsMemoryLimits = 1;
        Shape = s;
    }

    public HostTables Tables { get; } = tables;

    public int Groups { get; } = groups;

    public long Count { get; } = count;

    /// <summary>Evaluates one index on the host: how candidates found on a device get their full results.</summary>
    public PackedResult Evaluate(long index, out int group)
    {
        var c = Shape.Decode(index);
        var hw = Tables.HardwareTable[c.Hardware];
        var d = Shape.Deployment(Tables, c, hw.UsdPerGpuHour);
        group = Shape.Group(c);
        return ServingModel.Evaluate(hw, Tables.ModelTable[c.Model], d, Shape.Profile);
    }

    public SweepConfiguration Configuration(long index)
    {
        var c = Shape.Decode(index);
        var pool = Pools[c.Gpus];
        return new SweepConfiguration
        {
            Hardware = Grid.Hardware[c.Hardware].Id,
            Model = Grid.Models[c.Model].Id,
            Gpus = pool.Gpus,
            Disaggregated = pool.Disaggregated,
            PrefillGpus = pool.PrefillGpus,
            DecodeGpus = pool.DecodeGpus,
            DecodeInstances = pool.DecodeInstances,
            PrefillTp = pool.PrefillTp,
            PrefillEp = pool.PrefillEp,
            Tp = Grid.Tp[c.Tp],
            Ep = Grid.Ep[c.Ep],
            Dp = Grid.Dp[c.Dp],
            Pp = Grid.Pp[c.Pp],
            Weights = Grid.Weights[c.Weights],
            KvCache = Grid.KvCache[c.KvCache],
            Batch = Grid.Batch[c.Batch],
            InputTokens = Grid.IslValues[c.Isl],
            OutputTokens = Grid.OslValues[c.Osl],
            MtpAcceptance = Grid.MtpAcceptance[c.Mtp],
        };
    }

    public FrontierPoint Point(long index, int group, in PackedResult r) => new()
    {
        Index = index,
        Group = group,
        Configuration = Configuration(index),
        Metrics = ServingPoint.From(r),
    };
}
