using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels.Calibration;

/// <summary>
/// Builds a <see cref="RowPlan"/>: fixes what a measurement states and enumerates what it leaves open, as a serving engineer
/// would configure the run: KV cache in FP8 unless the weights are BF16 (TensorRT-LLM's default for FP8/FP4 checkpoints),
/// the model's native weights, 1k/1k requests, MTP where the source says it was used, every parallel layout of the GPUs,
/// pools and batch up to what fits memory and an engine's batch limit.
/// </summary>
internal static class RowPlanner
{
    /// <summary>
    /// Most sequences one attention rank batches where the row states no engine limit (<see cref="Measurement.MaxBatch"/>):
    /// the max batch size engines are run with (TensorRT-LLM 2048-4096).
    /// </summary>
    public const int EngineMaxBatchPerRank = 2048;

    /// <summary>ISL and OSL assumed when a row does not state them (InferenceX's 1k/1k scenario).</summary>
    public const int DefaultTokens = 1024;

    /// <summary>
    /// Chance each successive drafted token is accepted when the row does not say; acceptance length = 1 + a + a^2 + ... + a^k.
    /// 0.83 gives 1.83 / 2.52 / 3.09 for 1 / 2 / 3 drafts, inside the ranges the sources quote (SGLang H20 1.8-1.9 and
    /// 2.4-2.7; TensorRT-LLM MTP3 2.82 strict, 3.06-3.10 relaxed).
    /// </summary>
    public const double DraftAcceptance = 0.83;

    private static readonly int[] ColocatedSizes = [1, 2, 4, 8];
    private static readonly int[] DecodePoolSizes = [8, 16, 32, 64];
    private static readonly int[] PrefillPoolSizes = [2, 4, 8, 16, 32];

    /// <summary>Attention TP degrees tried when a row leaves TP open: engines shard attention within one 8-GPU board at most.</summary>
    private static readonly int[] OpenTp = [1, 2, 4, 8];
    /// <summary>Draft counts tried where a source says MTP was on without saying how many.</summary>
    private static readonly int[] OpenMtp = [1, 2, 3];

    public static RowPlan Plan(Measurement row, HardwareSpec hardware, ModelSpec model, EfficiencyProfile memoryProfile)
    {
        string engine = RowGroups.Engine(row);
        var hw = HardwarePacker.Pack(hardware with { SoftwareStack = Stack(hardware.SoftwareStack, engine) });
        var m = ModelPacker.Pack(model);
        var p = RowPredictor.ForRow(row, ProfilePacker.Pack(memoryProfile));
        var measured = MeasuredMetricNames.All.Where(x => row.Get(x) is not null).ToArray();
        var throughput = PrimaryThroughput(row);
        bool interactivity = row.TokSUser is not null || row.TpotMs is not null;
        var selection = throughput is not null
            ? (interactivity ? RowSelection.Frontier : RowSelection.MaxThroughput)
            : interactivity ? RowSelection.MaxInteractivity : RowSelection.MinTtft;

        var open = new List<string>();
        var weights = row.Weights ?? model.NativeWeights;
        Note(open, row.Weights is null, "weights");
        var kv = row.KvCache ?? (weights == Precision.Bf16 ? Precision.Bf16 : Precision.Fp8);
        Note(open, row.KvCache is null, "kv_cache");
        int isl = row.Isl ?? DefaultTokens;
        int osl = row.Osl ?? DefaultTokens;
        Note(open, row.Isl is null, "isl");
        Note(open, row.Osl is null, "osl");
        bool disaggregated = row.Disaggregated ?? row.Phase != MeasurementPhase.EndToEnd;
        Note(open, row.Disaggregated is null, "disaggregated");

        var template = new PackedDeployment
        {
            Disaggregated = disaggregated ? 1 : 0,
            WeightPrecision = weights,
            KvPrecision = kv,
            InputTokens = isl,
            OutputTokens = osl,
            PrefixCacheHit = row.PrefixCacheHit ?? 0,
            // The engine's stated limit on tokens per forward pass bounds a prefill chunk; otherwise the library's default.
            PrefillChunkTokens = row.MaxNumTokens ?? new Deployment { Gpus = 1, Batch = 1 }.PrefillChunkTokens,
            // Decode without CUDA graphs only where the row says the engine ran it so.
            Eager = row.CudaGraphs == false ? 1 : 0,
            // Prompts balanced over attention-DP ranks only where the row says the engine was configured so.
            AdpBalance = row.AdpBalance == true ? 1 : 0,
            // FP8 decode scores only where the row names such a kernel.
            Fp8Attention = row.Fp8Attention == true ? 1 : 0,
            // An early engine's steps take the profile's early-engine scale only where the row states its release.
            EngineReleaseMonth = row.EngineRelease ?? 0,
            UsdPerGpuHour = 0,
            // Exponential output lengths: a sequence in decode is length-biased, its mean context input + output
            // (BurstDrain.MeanContextInFlight); the KV reserved per sequence stays input + output.
            MixContextTokens = row.OslDistribution == OutputLengthDistribution.Exponential ? BurstDrain.MeanContextInFlight(isl, osl) : 0,
        };

        // A finite burst: all requests queued at once (an offline run states requests and no concurrency).
        int? burst = row.Requests is { } sent && row.Phase == MeasurementPhase.EndToEnd && !disaggregated
            && (row.Concurrency is null || row.Concurrency >= sent) ? sent : null;

        bool engineDefaults = !disaggregated && engine is "sglang" or "vllm" or "atom";
        // An InferenceX point is one of its sweep's runs: a TP the sweep lists, at most the concurrency it lists there.
        var sweep = InferenceXSweeps.Points(row, engine, RowGroups.Family(model.Id), isl, osl);
        var candidates = new List<PackedDeployment>();
        foreach (var (prefill, decode) in Pools(row, disaggregated, sweep, open))
        {
            int? sweepConcurrency = sweep?.Where(s => s.Tp == prefill).Select(s => (int?)s.MaxConcurrency).FirstOrDefault();
            int instance = disaggregated ? DecodeInstanceGpus(row, m, decode, open) : prefill;
            foreach (var (tp, dp, pp, ep) in CandidateLayouts(row, m, instance, disaggregated, engineDefaults, open))
            {
                foreach (var (drafts, acceptance) in Mtp(row, model, open))
                {
                    var d = template;
                    d.InstanceGpus = instance;
                    d.PrefillGpus = disaggregated ? prefill : 0;
                    d.DecodeGpus = disaggregated ? decode : 0;
                    d.Tp = tp;
                    d.Dp = dp;
                    d.Pp = pp;
                    d.Ep = ep;
                    d.MtpDraftTokens = drafts;
                    d.MtpAcceptanceLength = acceptance;
                    d.Batch = 1;
                    AddBatches(candidates, row, selection, hw, m, p, d, sweepConcurrency, burst, open);
                }
            }
        }

        string? error = candidates.Count == 0 ? "no configuration of the stated GPUs and layout holds the model's weights" : null;
        return new RowPlan
        {
            Row = row,
            Hardware = hw,
            Model = m,
            Candidates = [.. candidates],
            OpenSettings = open,
            Selection = selection,
            Throughput = throughput,
            Measured = measured,
            BurstRequests = burst,
            BurstOutputs = row.OslDistribution,
            Error = error,
            Engine = engine,
            Family = RowGroups.Family(model.Id),
            Vendor = RowGroups.Vendor(hardware),
            Kind = RowGroups.Kind(row, RowGroups.Family(model.Id)),
        };
    }

    /// <summary>
    /// The software stack a row ran on a part whose catalog stack is <paramref name="part"/>: the row's engine
    /// (<see cref="RowGroups.Engine"/>) by <see cref="ServingEngines.TryStackFor"/>, so atom on ROCm is AITER-native
    /// (<see cref="SoftwarePlatform.RocmAiter"/>: ATOM dispatches every operator to AITER's ASM/CK kernels, ROCm/ATOM README);
    /// vLLM and SGLang on ROCm run <see cref="SoftwarePlatform.Rocm"/>, the framework's own kernel choice, AITER where it
    /// dispatches to it; vLLM and SGLang on CUDA run <see cref="SoftwarePlatform.CudaFramework"/>, their own fused-MoE
    /// kernel where experts are not parallel; TensorRT-LLM on CUDA runs <see cref="SoftwarePlatform.Cuda"/>. An engine the
    /// rule does not name (deepseek, unknown) or one that does not run on the part's family keeps the part's stack.
    /// </summary>
    public static SoftwarePlatform Stack(SoftwarePlatform part, string engine) =>
        (ServingEngines.TryParse(engine, out var named) ? ServingEngines.TryStackFor(part, named) : null) ?? part;

    /// <summary>The throughput that ranks candidates: the pool's own rate for phase rows, else total, else output.</summary>
    public static MeasuredMetric? PrimaryThroughput(Measurement row)
    {
        if (row.InputTokSGpu is not null && row.Phase == MeasurementPhase.Prefill)
        {
            return MeasuredMetric.InputTokSGpu;
        }

        if (row.OutputTokSGpu is not null)
        {
            return MeasuredMetric.OutputTokSGpu;
        }

        if (row.TotalTokSGpu is not null)
        {
            return MeasuredMetric.TotalTokSGpu;
        }

        return row.InputTokSGpu is not null ? MeasuredMetric.InputTokSGpu : null;
    }

    /// <summary>Acceptance length of k drafted tokens at <see cref="DraftAcceptance"/> per successive draft.</summary>
    public static double DefaultAcceptanceLength(int drafts) => MtpAcceptance.Length(DraftAcceptance, drafts);

    private static void Note(List<string> open, bool isOpen, string name)
    {
        if (isOpen && !open.Contains(name))
        {
            open.Add(name);
        }
    }

    /// <summary>(prefill GPUs, decode GPUs) pairs; colocated rows give (instance GPUs, 0), an InferenceX sweep's TPs where one matches.</summary>
    private static IEnumerable<(int Prefill, int Decode)> Pools(Measurement row, bool disaggregated, IReadOnlyList<InferenceXSweeps.SweepPoint>? sweep, List<string> open)
    {
        if (!disaggregated)
        {
            int? stated = row.Gpus ?? (row.Tp is { } tp ? tp * (row.DpAttention ?? 1) * (row.Pp ?? 1) : null);
            Note(open, stated is null, "gpus");
            var sizes = sweep is { Count: > 0 } ? sweep.Select(s => s.Tp) : ColocatedSizes;
            return stated is { } g ? [(g, 0)] : sizes.Select(s => (s, 0));
        }

        int? prefill = row.PrefillGpus;
        int? decode = row.DecodeGpus;
        switch (row.Phase)
        {
            case MeasurementPhase.Prefill:
                prefill ??= row.Gpus;
                break;
            case MeasurementPhase.Decode:
                decode ??= row.Gpus;
                break;
            default:
                if (row.Gpus is { } total)
                {
                    prefill ??= decode is { } dd ? total - dd : null;
                    decode ??= prefill is { } pp ? total - pp : null;
                }

                break;
        }

        Note(open, prefill is null, "prefill_gpus");
        Note(open, decode is null, "decode_gpus");
        if (row.Phase == MeasurementPhase.Prefill && prefill is { } pf)
        {
            // The decode pool does not affect a prefill pool's rate; any pool that holds the weights will do.
            return (decode is { } d0 ? [d0] : new[] { pf, 8, 16, 32, 64 }.Distinct()).Select(d => (pf, d));
        }

        if (row.Phase == MeasurementPhase.Decode && decode is { } df)
        {
            return (prefill is { } p0 ? [p0] : new[] { df, 8, 16, 32 }.Distinct()).Select(p => (p, df));
        }

        if (prefill is null && decode is null && row.Gpus is { } all)
        {
            // Only the total is stated: every split that gives each pool at least a quarter of the GPUs.
            return Enumerable.Range(1, all - 1).Where(p => p * 4 >= all && (all - p) * 4 >= all).Select(p => (p, all - p));
        }

        var prefills = prefill is { } ps ? [ps] : PrefillPoolSizes;
        var decodes = decode is { } ds ? [ds] : DecodePoolSizes;
        return prefills.SelectMany(p => decodes.Select(d => (p, d)));
    }

    /// <summary>
    /// GPUs of one decode instance: a MoE decode pool stated larger than its EP degree ("decode 32 GPUs, EP 8") runs as
    /// pool / EP identical instances of EP GPUs each, as InferenceX's multinode recipes deploy it; otherwise the pool is one instance.
    /// </summary>
    private static int DecodeInstanceGpus(Measurement row, in PackedModel m, int decode, List<string> open)
    {
        if (m.MoeLayers > 0 && row.Ep is { } ep && ep < decode && decode % ep == 0)
        {
            Note(open, true, "decode_instances");
            return ep;
        }

        return decode;
    }

    /// <summary>
    /// (tp, dp, pp, ep) of the decode instance (the colocated instance). <paramref name="engineDefaults"/>: a colocated
    /// SGLang, vLLM or atom run, whose unstated attention DP and EP are off: those engines shard attention and experts by TP
    /// over the instance unless launched with DP attention (<c>--enable-dp-attention</c>, <c>--data-parallel-size</c>) or
    /// expert parallelism (<c>--ep-size</c>, <c>--enable-expert-parallel</c>), as InferenceX's single-node launch scripts
    /// and configs (SemiAnalysisAI/InferenceX, <c>benchmarks/dsr1_fp8_mi325x.sh</c>, <c>.github/configs/amd-master.yaml</c>)
    /// and dstack's commands (<c>--tp 8</c>) run them.
    /// </summary>
    private static List<(int Tp, int Dp, int Pp, int Ep)> CandidateLayouts(Measurement row, in PackedModel m, int gpus, bool disaggregated, bool engineDefaults, List<string> open)
    {
        var result = new List<(int, int, int, int)>();
        int pp = row.Pp ?? 1;
        if (gpus % pp != 0)
        {
            return result;
        }

        int stage = gpus / pp;
        bool moe = m.MoeLayers > 0;

        // InferenceX disaggregated rows state the prefill pool's TP in `tp`; the decode layout stays open.
        int? statedTp = disaggregated && row.Phase == MeasurementPhase.EndToEnd ? null : row.Tp;
        var attention = new List<(int Tp, int Dp)>();
        if (statedTp is { } tp && row.DpAttention is { } dp)
        {
            // TensorRT-LLM's `--tp` is the world size of the instance, and `enable_attention_dp` turns every one of those
            // ranks into an attention DP rank (attention_dp_size = tp_size: NVIDIA Dynamo docs, "DP Rank Routing"), so a row
            // stating tp 8 and attention DP 8 on 8 GPUs runs attention TP1 x DP8.
            attention.Add(tp * dp == stage || stage % dp != 0 ? (tp, dp) : (stage / dp, dp));
        }
        else if (statedTp is { } t)
        {
            // A stated TP is the attention TP: attention runs data-parallel only where the row states a DP degree. Sources that
            // only say "attention DP enabled" (TensorRT-LLM's perf-overview MoE runs) leave dp_attention empty. Read as TP8
            // attention, the 24 Qwen3-235B rows there are predicted at 0.73-1.14x of measured, like the table's dense rows;
            // read as 8-way attention DP, at 1.3-2.3x. So the stated TP is taken as it reads.
            attention.Add((t, stage / Math.Max(1, t)));
        }
        else if (row.DpAttention is { } d)
        {
            attention.Add((stage / d, d));
        }
        else if (engineDefaults)
        {
            attention.Add((stage, 1));
        }
        else
        {
            attention.AddRange(OpenTp.Where(x => stage % x == 0).Select(x => (x, stage / x)));
        }

        Note(open, statedTp is null || attention.Count > 1, "tp");
        Note(open, row.DpAttention is null, "dp");
        Note(open, row.Ep is null && moe, "ep");
        // Experts tensor-parallel across more than one 8-GPU board is never deployed; wide pools shard experts by EP.
        var eps = row.Ep is { } e ? [e] : moe && !engineDefaults ? (stage > 8 ? [stage] : new[] { 1, stage }.Distinct().ToArray()) : [1];
        foreach (var (t, d) in attention)
        {
            if (t < 1 || d < 1 || t * d != stage)
            {
                continue;
            }

            foreach (int ep in eps)
            {
                result.Add((t, d, pp, ep));
            }
        }

        return result;
    }

    private static IEnumerable<(int Drafts, double Acceptance)> Mtp(Measurement row, ModelSpec model, List<string> open)
    {
        if (row.Phase == MeasurementPhase.Prefill && row.Mtp is null)
        {
            return [(0, 1.0)];
        }

        if (row.Mtp is { } k)
        {
            double a = k == 0 ? 1 : Math.Min(row.MtpAcceptanceLength ?? DefaultAcceptanceLength(k), k + 1);
            Note(open, k > 0 && row.MtpAcceptanceLength is null, "mtp_acceptance_length");
            return [(k, a)];
        }

        if (row.MtpAcceptanceLength is { } stated)
        {
            // Fewest drafts that can reach the stated acceptance.
            Note(open, true, "mtp");
            return [((int)Math.Ceiling(stated - 1), stated)];
        }

        // MTP only where the source says the engine ran it: a row that does not say is run without (engines leave speculative
        // decoding off by default; the planner used to open 1-3 drafts at 0.83 acceptance for every DeepSeek row).
        if (row.MtpUsed != true || !HasMtpHeads(model))
        {
            return [(0, 1.0)];
        }

        Note(open, true, "mtp");
        Note(open, true, "mtp_acceptance_length");
        return OpenMtp.Select(x => (x, DefaultAcceptanceLength(x)));
    }

    /// <summary>Whether the model ships multi-token-prediction modules (DeepSeek-V3/R1 do; the other catalog models do not).</summary>
    private static bool HasMtpHeads(ModelSpec model) => model.MtpModules > 0;

    /// <summary>
    /// Adds the batches to try for one configuration: stated, the concurrency, or up to what fits (and, for a row that
    /// states no concurrency, at most <paramref name="sweepConcurrency"/>, the largest its InferenceX sweep lists; for a
    /// burst, at most the <paramref name="burst"/> requests it sends, spread over the decode instances).
    /// </summary>
    private static void AddBatches(List<PackedDeployment> into, Measurement row, RowSelection selection, in PackedHardware hw, in PackedModel m, in PackedProfile p, PackedDeployment d, int? sweepConcurrency, int? burst, List<string> open)
    {
        var probe = ServingModel.Evaluate(hw, m, d, p);
        if (!probe.Feasible)
        {
            return;
        }

        double fits = Math.Min(probe.MaxBatch, (double)(row.MaxBatch ?? EngineMaxBatchPerRank) * d.Dp);
        if (row.Concurrency is null && sweepConcurrency is { } listed)
        {
            fits = Math.Min(fits, listed);
        }

        if (burst is { } sent)
        {
            fits = Math.Min(fits, Math.Ceiling(sent / ServingModel.DecodeInstances(d)));
        }

        if (fits < 1)
        {
            return;
        }

        if (row.BatchPerGpu is { } perGpu)
        {
            d.Batch = perGpu * (double)d.InstanceGpus;
            into.Add(d);
            return;
        }

        // A prefill pool's rate does not depend on the decode batch.
        if (row.Phase == MeasurementPhase.Prefill)
        {
            into.Add(d);
            return;
        }

        Note(open, true, "batch");

        if (row.Concurrency is { } concurrency)
        {
            // The benchmark keeps `concurrency` requests in flight, spread over the decode instances; an engine that cannot
            // hold them all queues the rest.
            d.Batch = Math.Min(Math.Max(1, concurrency / ServingModel.DecodeInstances(d)), fits);
            into.Add(d);
            return;
        }

        if (burst is not null && row.MaxBatch is not null)
        {
            // An offline burst on an engine whose limit is stated: every request is queued at t = 0 and the scheduler admits
            // as many as its limits allow (TensorRT-LLM's capacity scheduler up to max_batch_size and the KV cache, vLLM's
            // up to max_num_seqs and the KV cache), so the run's batch is that limit, not a smaller one the planner might
            // prefer for a kinder last wave; the same admission the concurrency branch above gives a burst that states its
            // concurrency. Where the row states no limit the planner's own cap (EngineMaxBatchPerRank) is a guess, and the
            // shares below keep that guess open.
            d.Batch = Math.Max(1, Math.Floor(fits));
            into.Add(d);
            return;
        }

        if (selection == RowSelection.MaxThroughput)
        {
            foreach (double share in (ReadOnlySpan<double>)[1.0, 0.7, 0.5])
            {
                d.Batch = Math.Max(1, Math.Floor(fits * share));
                into.Add(d);
            }

            return;
        }

        if (selection is RowSelection.MaxInteractivity or RowSelection.MinTtft)
        {
            into.Add(d);
            return;
        }

        for (double b = 1; b <= fits; b = Math.Ceiling(b * 1.5))
        {
            d.Batch = b;
            into.Add(d);
        }
    }
}
