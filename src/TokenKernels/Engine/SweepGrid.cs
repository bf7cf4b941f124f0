using TokenKernels.Engine;
using TokenKernels.Packing;

namespace TokenKernels;

/// <summary>
/// A Cartesian product of configurations: every combination of the axis values, colocated and disaggregated serving
/// (<see cref="Disaggregated"/>). The grid is never
/// materialized: an index (0 .. <see cref="Count"/> - 1) decodes, mixed radix in <see cref="SweepAxis"/> order, into one
/// configuration, on the host or inside a kernel.
/// </summary>
/// <remarks>
/// <see cref="Tp"/> or <see cref="Dp"/> value 0 means "the rest of the GPUs": tp = gpus / (dp x pp), dp = gpus / (tp x pp).
/// Combinations that cannot run (tp x dp x pp != gpus, ep larger than the experts, weights or KV that do not fit, ...)
/// are evaluated, flagged infeasible and counted, never returned.
/// <para>
/// The GPU axis (<see cref="SweepAxis.Gpus"/>) lists pools: first a colocated instance of each <see cref="Gpus"/> value
/// (when <see cref="Disaggregated"/> holds false), then every disaggregated combination <see cref="PrefillGpus"/> x
/// <see cref="DecodeGpus"/> x <see cref="DecodeInstances"/> x <see cref="PrefillTp"/> x <see cref="PrefillEp"/> (when it holds true), so one grid compares 16 colocated GPUs
/// with 4 + 12 disaggregated ones without repeating a configuration. Tp, ep, dp and pp lay out one decode instance
/// (decode GPUs / instances when disaggregated); the prefill pool takes its own layout
/// (<see cref="TokenCost.Evaluate"/>'s rule). Instances that do not divide the decode pool are flagged infeasible.
/// </para>
/// </remarks>
public sealed record SweepGrid
{
    /// <summary>
    /// Most frontiers one sweep may keep apart (model x hardware x <see cref="KeepApart"/> values): a device keeps
    /// 3,200 bins of 8 bytes per frontier, so 16 Ki frontiers take 420 MB.
    /// </summary>
    public const int MaxGroups = 1 << 14;

    /// <summary>Accelerators to sweep.</summary>
    public required IReadOnlyList<HardwareSpec> Hardware { get; init; }

    /// <summary>Models to sweep.</summary>
    public required IReadOnlyList<ModelSpec> Models { get; init; }

    /// <summary>GPUs of one colocated instance (may be empty when <see cref="Disaggregated"/> is only true).</summary>
    public required IReadOnlyList<int> Gpus { get; init; }

    /// <summary>Serving modes: false = colocated (<see cref="Gpus"/>), true = disaggregated pools.</summary>
    public IReadOnlyList<bool> Disaggregated { get; init; } = [false];

    /// <summary>Prefill pool sizes of disaggregated points.</summary>
    public IReadOnlyList<int> PrefillGpus { get; init; } = [];

    /// <summary>Decode pool sizes of disaggregated points.</summary>
    public IReadOnlyList<int> DecodeGpus { get; init; } = [];

    /// <summary>Identical decode instances the decode pool runs as (disaggregated points); each holds <see cref="Batch"/> sequences.</summary>
    public IReadOnlyList<int> DecodeInstances { get; init; } = [1];

    /// <summary>Prefill pool attention tp of disaggregated points; 0 (the default) = as in decode where it divides the pool, else 1.</summary>
    public IReadOnlyList<int> PrefillTp { get; init; } = [0];

    /// <summary>Prefill pool expert parallelism of disaggregated points; 0 (the default) = wide EP over the pool.</summary>
    public IReadOnlyList<int> PrefillEp { get; init; } = [0];

    /// <summary>Attention tensor-parallel degrees; 0 = gpus / (dp x pp).</summary>
    public IReadOnlyList<int> Tp { get; init; } = [0];

    /// <summary>Expert-parallel degrees.</summary>
    public IReadOnlyList<int> Ep { get; init; } = [1];

    /// <summary>Data-parallel attention degrees; 0 (the default) = gpus / (tp x pp), so a tp axis alone fills the instance.</summary>
    public IReadOnlyList<int> Dp { get; init; } = [0];

    /// <summary>Pipeline stages.</summary>
    public IReadOnlyList<int> Pp { get; init; } = [1];

    /// <summary>Weight precisions.</summary>
    public IReadOnlyList<Precision> Weights { get; init; } = [Precision.Fp8];

    /// <summary>KV-cache precisions.</summary>
    public IReadOnlyList<Precision> KvCache { get; init; } = [Precision.Bf16];

    /// <summary>Concurrent sequences per instance.</summary>
    public required IReadOnlyList<int> Batch { get; init; }

    /// <summary>Input tokens per request (leave empty when <see cref="Lengths"/> is given).</summary>
    public required IReadOnlyList<int> InputTokens { get; init; }

    /// <summary>Output tokens per request (leave empty when <see cref="Lengths"/> is given).</summary>
    public required IReadOnlyList<int> OutputTokens { get; init; }

    /// <summary>
    /// A length mix instead of <see cref="InputTokens"/> x <see cref="OutputTokens"/>; null = those axes. Its context
    /// cap (<see cref="LengthDistribution.WithContextCap"/>) is a cap, not a reservation: steps use the mix's mean input
    /// and output and its mean context in decode, each sequence is reserved KV for
    /// min(longest request, 2 x mean context in decode) tokens, a request as long as the
    /// cap must fit on its own, and points report the share of requests the cap truncates.
    /// </summary>
    public LengthDistribution? Lengths { get; init; }

    /// <summary>MTP acceptance lengths (1 = no speculation).</summary>
    public IReadOnlyList<double> MtpAcceptance { get; init; } = [1.0];

    /// <summary>Drafted tokens per step; null = ceil(acceptance - 1), the fewest that allow each acceptance length.</summary>
    public int? MtpDraftTokens { get; init; }

    /// <summary>Share of each prompt served from the prefix cache, 0 to 1.</summary>
    public double PrefixCacheHit { get; init; }

    /// <summary>
    /// Offered load for TTFT at load (<see cref="ServingPoint.TtftP90AtLoad"/>): a share 0-1 (exclusive) of each
    /// configuration's capacity; 0 = none. When given, <see cref="ServiceLevel.MaxTtft"/> tests the P90 at this load.
    /// </summary>
    public double Load { get; init; }

    /// <summary>
    /// Offered request rate (requests/s) for TTFT at load instead of <see cref="Load"/>: each configuration runs at
    /// rate / its capacity, and one whose capacity is below the rate is flagged saturated; 0 = none.
    /// </summary>
    public double Rate { get; init; }

    /// <summary>Prompt tokens per prefill chunk.</summary>
    public int PrefillChunkTokens { get; init; } = 8192;

    /// <summary>
    /// Decode steps replay CUDA graphs (default) for every point; false: they run eagerly (<see cref="Deployment.CudaGraphs"/>).
    /// One setting for the whole sweep, not an axis.
    /// </summary>
    public bool CudaGraphs { get; init; } = true;

    /// <summary>
    /// Attention-DP ranks prefill their prompts in the same step for every point (<see cref="Deployment.AttentionDpBalance"/>);
    /// no effect on points without attention DP. One setting for the whole sweep, not an axis.
    /// </summary>
    public bool AttentionDpBalance { get; init; }

    /// <summary>One GPU-hour price for every hardware; null = each hardware's catalog price.</summary>
    public Prices? Prices { get; init; }

    /// <summary>Achieved efficiencies; null = <c>EfficiencyProfile.Default</c>, the shipped calibration.</summary>
    public EfficiencyProfile? Profile { get; init; }

    /// <summary>Axes whose values form separate frontiers, besides model and hardware (the CLI's <c>--by</c>).</summary>
    public IReadOnlyList<SweepAxis> KeepApart { get; init; } = [];

    /// <summary>Number of configurations: the product of the axis lengths.</summary>
    /// <exception cref="ArgumentException">The product overflows a 64-bit integer.</exception>
    public long Count
    {
        get
        {
            long n = 1;
            foreach (int r in Radices())
            {
                if (r == 0)
                {
                    return 0;
                }

                n = n > long.MaxValue / r
                    ? throw new ArgumentException("The grid has more than 2^63 configurations.", nameof(Count))
                    : n * r;
            }

            return n;
        }
    }

    /// <summary>The configuration at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside 0 .. <see cref="Count"/> - 1.</exception>
    public SweepConfiguration At(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Compile().Configuration(index);
    }

    internal int[] Radices() =>
    [
        Models.Count, Hardware.Count, Pools().Count, Tp.Count, Ep.Count, Dp.Count, Pp.Count, Weights.Count, KvCache.Count,
        MtpAcceptance.Count, Lengths is null ? OutputTokens.Count : 1, Lengths is null ? InputTokens.Count : 1, Batch.Count,
    ];

    /// <summary>The isl and osl axes' values: the grid's, or the mix's rounded means (one each).</summary>
    internal IReadOnlyList<int> IslValues => Lengths is { } l ? [(int)Math.Round(l.MeanInputTokens)] : InputTokens;

    /// <summary>See <see cref="IslValues"/>.</summary>
    internal IReadOnlyList<int> OslValues => Lengths is { } l ? [(int)Math.Round(l.MeanOutputTokens)] : OutputTokens;

    /// <summary>The values of the GPU-pool axis: colocated instances, then disaggregated prefill x decode x instances.</summary>
    internal IReadOnlyList<GridPool> Pools()
    {
        var pools = new List<GridPool>();
        if ((Disaggregated ?? []).Contains(false))
        {
            pools.AddRange((Gpus ?? []).Select(g => new GridPool(g, false, 0, 0, 1)));
        }

        if ((Disaggregated ?? []).Contains(true))
        {
            foreach (int prefill in PrefillGpus ?? [])
            {
                foreach (int decode in DecodeGpus ?? [])
                {
                    foreach (int n in DecodeInstances ?? [])
                    {
                        foreach (int tp in PrefillTp ?? [])
                        {
                            pools.AddRange((PrefillEp ?? []).Select(ep => new GridPool(prefill + decode, true, prefill, decode, n, tp, ep)));
                        }
                    }
                }
            }
        }

        return pools;
    }

    /// <summary>Checks every value and packs the grid into its shape and host tables.</summary>
    /// <exception cref="ArgumentException">A value is out of range; ParamName names the axis.</exception>
    internal CompiledGrid Compile()
    {
        ArgumentNullException.ThrowIfNull(Hardware, nameof(Hardware));
        ArgumentNullException.ThrowIfNull(Models, nameof(Models));
        AtLeast(Gpus, 1, nameof(Gpus));
        ArgumentNullException.ThrowIfNull(Disaggregated, nameof(Disaggregated));
        AtLeast(PrefillGpus, 1, nameof(PrefillGpus));
        AtLeast(DecodeGpus, 1, nameof(DecodeGpus));
        AtLeast(DecodeInstances, 1, nameof(DecodeInstances));
        AtLeast(PrefillTp, 0, nameof(PrefillTp));
        AtLeast(PrefillEp, 0, nameof(PrefillEp));
        if (Disaggregated.Contains(true) && (PrefillGpus.Count == 0 || DecodeGpus.Count == 0))
        {
            throw new ArgumentException("Disaggregated points need PrefillGpus and DecodeGpus values.", nameof(PrefillGpus));
        }

        if (Disaggregated.Contains(false) && Gpus.Count == 0)
        {
            throw new ArgumentException("Colocated points need Gpus values.", nameof(Gpus));
        }
        AtLeast(Tp, 0, nameof(Tp));
        AtLeast(Ep, 1, nameof(Ep));
        AtLeast(Dp, 0, nameof(Dp));
        AtLeast(Pp, 1, nameof(Pp));
        AtLeast(Batch, 1, nameof(Batch));
        AtLeast(InputTokens, 1, nameof(InputTokens));
        AtLeast(OutputTokens, 1, nameof(OutputTokens));
        if (Lengths is not null && (InputTokens.Count > 0 || OutputTokens.Count > 0))
        {
            throw new ArgumentException("Lengths replaces InputTokens and OutputTokens; leave them empty.", nameof(Lengths));
        }

        if (!(Rate >= 0 && double.IsFinite(Rate)))
        {
            throw new ArgumentException($"Rate must be a finite number of requests per second, at least 0 (was {Rate}).", nameof(Rate));
        }

        if (Rate > 0 && Load > 0)
        {
            throw new ArgumentException("Give Load or Rate, not both.", nameof(Rate));
        }
        ArgumentNullException.ThrowIfNull(Weights, nameof(Weights));
        ArgumentNullException.ThrowIfNull(KvCache, nameof(KvCache));
        ArgumentNullException.ThrowIfNull(MtpAcceptance, nameof(MtpAcceptance));
        foreach (double a in MtpAcceptance)
        {
            if (!(a >= 1 && a <= 1 + (MtpDraftTokens ?? 64)))
            {
                throw new ArgumentException(
                    $"MTP acceptance must be between 1 and 1 + draft tokens (was {a}).", nameof(MtpAcceptance));
            }
        }

        if (MtpDraftTokens < 0)
        {
            throw new ArgumentException($"MtpDraftTokens must be at least 0 (was {MtpDraftTokens}).", nameof(MtpDraftTokens));
        }

        if (!(PrefixCacheHit >= 0 && PrefixCacheHit < 1))
        {
            throw new ArgumentException($"PrefixCacheHit must be in [0, 1) (was {PrefixCacheHit}).", nameof(PrefixCacheHit));
        }

        if (!(Load >= 0 && Load < 1))
        {
            throw new ArgumentException($"Load must be in [0, 1) (was {Load}).", nameof(Load));
        }

        if (PrefillChunkTokens < 1)
        {
            throw new ArgumentException($"PrefillChunkTokens must be at least 1 (was {PrefillChunkTokens}).", nameof(PrefillChunkTokens));
        }

        if (Prices is not null && !(Prices.GpuHour.Dollars > 0 && double.IsFinite(Prices.GpuHour.Dollars)))
        {
            throw new ArgumentException($"GPU-hour price must be positive (was {Prices.GpuHour.Dollars}).", nameof(Prices));
        }

        foreach (var p in Weights.Concat(KvCache))
        {
            _ = p.BytesPerElement();
        }

        var profile = Profile ?? EfficiencyProfile.Default;
        profile.Validate();
        var hardware = Hardware.Select(h =>
        {
            ArgumentNullException.ThrowIfNull(h, nameof(Hardware));
            h.Validate();
            return HardwarePacker.Pack(h, Prices);
        }).ToArray();
        var models = Models.Select(m =>
        {
            ArgumentNullException.ThrowIfNull(m, nameof(Models));
            m.Validate();
            return ModelPacker.Pack(m);
        }).ToArray();

        var ints = new List<int>();
        int Put<T>(IReadOnlyList<T> values, Func<T, int> toInt)
        {
            int offset = ints.Count;
            ints.AddRange(values.Select(toInt));
            return offset;
        }

        var r = Radices();
        var pools = Pools();
        var shape = new GridShape
        {
            RModel = r[0], RHardware = r[1], RGpus = r[2], RTp = r[3], REp = r[4], RDp = r[5], RPp = r[6],
            RWeights = r[7], RKvCache = r[8], RMtp = r[9], ROsl = r[10], RIsl = r[11], RBatch = r[12],
            OGpus = Put(pools.SelectMany(p => new[] { p.Gpus, p.Disaggregated ? 1 : 0, p.PrefillGpus, p.DecodeGpus, p.DecodeInstances, p.PrefillTp, p.PrefillEp }).ToList(), v => v),
            FirstDisaggregatedPool = pools.Count(p => !p.Disaggregated),
            OTp = Put(Tp, v => v),
            OEp = Put(Ep, v => v),
            ODp = Put(Dp, v => v),
            OPp = Put(Pp, v => v),
            OWeights = Put(Weights, v => (int)v),
            OKvCache = Put(KvCache, v => (int)v),
            OOsl = Put(OslValues, v => v),
            OIsl = Put(IslValues, v => v),
            OBatch = Put(Batch, v => v),
            Profile = ProfilePacker.Pack(profile),
            PrefixCacheHit = PrefixCacheHit,
            MtpDraftTokens = MtpDraftTokens ?? -1,
            PrefillChunkTokens = PrefillChunkTokens,
            Eager = CudaGraphs ? 0 : 1,
            AdpBalance = AttentionDpBalance ? 1 : 0,
            Load = Load,
            Rate = Rate,
            MixInputTokens = Lengths?.MeanInputTokens ?? 0,
            MixOutputTokens = Lengths?.MeanOutputTokens ?? 0,
            MixContextTokens = Lengths?.MeanContextInFlight ?? 0,
            MixLongestTokens = Lengths?.MaxContextTokens ?? 0,
            ContextCap = Lengths?.ContextCap ?? 0,
            UsdPerGpuHour = 0,
            BatchAscending = Batch.Zip(Batch.Skip(1)).All(p => p.First < p.Second) ? 1 : 0,
        };

        // Group strides: mixed radix over the kept-apart axes, model outermost.
        var kept = new HashSet<SweepAxis>(KeepApart ?? []) { SweepAxis.Model, SweepAxis.Hardware };
        var strides = new int[r.Length];
        long groups = 1;

        // Serving mode is not a digit of the index: colocated pools come first, so a pool digit at or past
        // FirstDisaggregatedPool is a disaggregated point.
        if (kept.Contains(SweepAxis.Disaggregated) && !kept.Contains(SweepAxis.Gpus) && shape.FirstDisaggregatedPool is > 0 && shape.FirstDisaggregatedPool < pools.Count)
        {
            shape.GDisaggregated = 1;
            groups = 2;
        }

        for (int axis = r.Length - 1; axis >= 0; axis--)
        {
            if (kept.Contains((SweepAxis)axis))
            {
                strides[axis] = (int)groups;
                groups = checked(groups * Math.Max(1, r[axis]));
                if (groups > MaxGroups)
                {
                    throw new ArgumentException($"Too many groups kept apart (over {MaxGroups} frontiers).", nameof(KeepApart));
                }
            }
        }

        shape.GModel = strides[0];
        shape.GHardware = strides[1];
        shape.GGpus = strides[2];
        shape.GTp = strides[3];
        shape.GEp = strides[4];
        shape.GDp = strides[5];
        shape.GPp = strides[6];
        shape.GWeights = strides[7];
        shape.GKvCache = strides[8];
        shape.GMtp = strides[9];
        shape.GOsl = strides[10];
        shape.GIsl = strides[11];
        shape.GBatch = strides[12];
        return new CompiledGrid(this, pools, shape, new HostTables(hardware, models, [.. ints], [.. MtpAcceptance]), (int)groups, Count);
    }

    private static void AtLeast(IReadOnlyList<int>? values, int minimum, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        foreach (int v in values)
        {
            if (v < minimum)
            {
                throw new ArgumentException($"{name} values must be at least {minimum} (was {v}).", name);
            }
        }
    }
}
