using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// One configuration end to end: layout and memory checks, the decode step, prefill, colocated or disaggregated serving,
/// latency, throughput and cost. Kernel-safe; the managed API and every sweep kernel call <see cref="Prepare"/> and
/// <see cref="Serve"/> (or <see cref="Evaluate"/>, which is both).
/// </summary>
internal static class ServingModel
{
    /// <summary>Evaluates one configuration: <see cref="Prepare"/> then <see cref="Serve"/>.</summary>
    public static PackedResult Evaluate(in PackedHardware hw, in PackedModel m, in PackedDeployment d, in PackedProfile p)
    {
        var prepared = Prepare(hw, m, d, p);
        var r = Serve(prepared, m, d);
        MemoryLimits(prepared, m, d, ref r);
        return r;
    }

    /// <summary>
    /// The load-independent part of a configuration: layouts, weights, KV capacity and step coefficients.
    /// Reads only the layout, precision and serving-mode fields of <paramref name="d"/>.
    /// </summary>
    public static PreparedDeployment Prepare(in PackedHardware hw, in PackedModel m, in PackedDeployment d, in PackedProfile p)
    {
        var prep = default(PreparedDeployment);
        prep.Decode = Layout.Of(d.InstanceGpus, d.Tp, d.Dp, d.Pp, d.Ep);
        prep.Reason = Layout.Check(prep.Decode, m);
        if (prep.Reason != 0)
        {
            return prep;
        }

        prep.StoredWeightBytes = MemoryPlan.WeightBytesPerGpu(m, prep.Decode, d.WeightPrecision, MemoryPlan.HostedExpertsPerGpu(m, prep.Decode), stored: true);
        prep.KvCapacityBytes = MemoryPlan.KvCapacityBytesPerGpu(hw, p, prep.StoredWeightBytes);
        if (prep.KvCapacityBytes <= 0)
        {
            prep.Reason = (int)InfeasibleReason.WeightsExceedMemory;
            return prep;
        }

        prep.KvBytesPerTokenLayer = MemoryPlan.KvBytesPerSequencePerGpu(m, prep.Decode, d.KvPrecision, 1.0) / (m.Layers / (double)prep.Decode.Pp);
        prep.Prefill = d.Disaggregated != 0 ? PrefillLayout(m, d) : prep.Decode;
        if (d.Disaggregated != 0)
        {
            int prefillCode = Layout.Check(prep.Prefill, m);
            double prefillStored = MemoryPlan.WeightBytesPerGpu(m, prep.Prefill, d.WeightPrecision, MemoryPlan.HostedExpertsPerGpu(m, prep.Prefill), stored: true);
            if (prefillCode != 0 || MemoryPlan.KvCapacityBytesPerGpu(hw, p, prefillStored) <= 0)
            {
                prep.Reason = (int)InfeasibleReason.PrefillPoolTooSmall;
                return prep;
            }
        }

        // Disaggregated: a prompt's KV moves from the prefill to the decode pool, the pair of pools' GPUs in parallel,
        // over scale-out (scale-up inside one NVL domain).
        if (d.Disaggregated != 0)
        {
            double kvPerToken = MemoryPlan.KvBytesPerSequencePerGpu(m, Layout.Of(1, 1, 1, 1, 1), d.KvPrecision, 1.0);
            double parallelLinks = Math.Max(1.0, Math.Min(d.PrefillGpus, d.DecodeGpus));
            prep.KvTransferSecondsPerToken = kvPerToken * Communication.LinkSecondsPerByte(hw, p, d.PrefillGpus + d.DecodeGpus) / parallelLinks;
        }

        prep.DecodeStep = ForwardPass.Coefficients(hw, m, prep.Decode, d, p, prefill: false);
        prep.PrefillStep = ForwardPass.Coefficients(hw, m, prep.Prefill, d, p, prefill: true);
        return prep;
    }

    /// <summary>
    /// The part of the load fixed by the lengths (input, output, prefix hits, chunk), before the batch: context check,
    /// KV per sequence, decode context, and prefill of a lone request and of a full packed chunk.
    /// </summary>
    public static PreparedLoad PrepareLoad(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d)
    {
        var load = default(PreparedLoad);
        double isl = d.InputTokens;
        double osl = d.OutputTokens;
        double fullContext = isl + osl;
        if (fullContext > m.MaxContext)
        {
            load.Reason = (int)InfeasibleReason.ContextExceedsModel;
            return load;
        }

        // Every sequence of a dp rank keeps its KV at full context on each GPU of the rank.
        load.KvBytesPerSequence = ModelGeometry.KvTokenLayers(m, fullContext, prep.DecodeStep.Layers) * prep.KvBytesPerTokenLayer;
        load.DecodeContextTokenLayers = ModelGeometry.KvTokenLayers(m, isl + (osl / 2.0), prep.DecodeStep.Layers);

        // Prefill: new tokens per request after prefix-cache hits, in chunks. A lone request runs its own chunks; for
        // throughput the engine packs prompts into full chunks (colocated: as many as the batch holds; a prefill pool
        // always has prompts queued).
        double cached = isl * d.PrefixCacheHit;
        double fresh = Math.Max(1.0, isl - cached);
        double chunk = Math.Min(fresh, d.PrefillChunkTokens);
        load.FreshTokens = fresh;
        load.Chunk = chunk;
        load.PrefillContextTokenLayers = ModelGeometry.KvTokenLayers(m, cached + (fresh / 2.0), prep.PrefillStep.Layers);
        load.ChunkStepSeconds = ForwardPass.Step(prep.PrefillStep, chunk, 1.0, 1.0, load.PrefillContextTokenLayers).Seconds;
        load.PrefillServiceSeconds = (Math.Ceiling(fresh / chunk) + prep.Prefill.Pp - 1) * load.ChunkStepSeconds;
        double full = d.PrefillChunkTokens;
        load.FullChunkStepSeconds = full > chunk
            ? ForwardPass.Step(prep.PrefillStep, full, full / chunk, full / chunk, load.PrefillContextTokenLayers).Seconds
            : load.ChunkStepSeconds;
        return load;
    }

    /// <summary>
    /// The smallest batch whose KV cache does not fit (exactly <see cref="ServeBatch"/>'s
    /// check: ceil(batch / dp) x KV per sequence > capacity), so a sweep can skip every larger batch.
    /// </summary>
    public static double FirstKvInfeasibleBatch(in PreparedDeployment prep, in PreparedLoad load)
    {
        double perGpu = Math.Floor(prep.KvCapacityBytes / load.KvBytesPerSequence);
        while (perGpu > 0 && perGpu * load.KvBytesPerSequence > prep.KvCapacityBytes)
        {
            perGpu -= 1;
        }

        while ((perGpu + 1) * load.KvBytesPerSequence <= prep.KvCapacityBytes)
        {
            perGpu += 1;
        }

        return (perGpu * prep.Decode.Dp) + 1;
    }

    /// <summary>The load-dependent part for one configuration: <see cref="PrepareLoad"/> then <see cref="ServeBatch"/>.</summary>
    public static PackedResult Serve(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d)
    {
        if (prep.Reason != 0)
        {
            return ServeBatch(prep, default(PreparedLoad), m, d);
        }

        var load = PrepareLoad(prep, m, d);
        return ServeBatch(prep, load, m, d);
    }

    /// <summary>
    /// The batch-dependent part: KV fit, the decode step, prefill capacity, colocated or disaggregated serving, latency,
    /// throughput and cost. Reads the batch, MTP and price fields of <paramref name="d"/> and the serving-mode fields
    /// <see cref="Prepare"/> read; lengths come through <paramref name="load"/>.
    /// </summary>
    public static PackedResult ServeBatch(in PreparedDeployment prep, in PreparedLoad load, in PackedModel m, in PackedDeployment d)
    {
        var r = default(PackedResult);
        double isl = d.InputTokens;
        double osl = d.OutputTokens;
        bool disaggregated = d.Disaggregated != 0;
        r.TotalGpus = disaggregated ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus;
        r.WeightBytesPerGpu = prep.StoredWeightBytes;
        r.KvCapacityBytesPerGpu = prep.KvCapacityBytes;
        if (prep.Reason != 0)
        {
            r.Reason = prep.Reason;
            return r;
        }

        if (load.Reason != 0)
        {
            r.Reason = load.Reason;
            return r;
        }

        var decode = prep.Decode;
        r.KvBytesPerGpu = Math.Ceiling(d.Batch / decode.Dp) * load.KvBytesPerSequence;
        if (r.KvBytesPerGpu > prep.KvCapacityBytes)
        {
            r.Reason = (int)InfeasibleReason.KvCacheExceedsMemory;
            return r;
        }

        // Decode: the batch splits into pp micro-batches and dp attention ranks; each sequence verifies 1 + draft tokens.
        double verified = 1.0 + d.MtpDraftTokens;
        double sequencesPerRank = d.Batch / (decode.Dp * (double)decode.Pp);
        double decodeTokens = sequencesPerRank * verified;
        var step = ForwardPass.Step(prep.DecodeStep, decodeTokens, sequencesPerRank, decodeTokens, load.DecodeContextTokenLayers);

        // Drafting costs about one layer's step per drafted token (an MTP module is one transformer block).
        double draftSeconds = d.MtpDraftTokens * step.Seconds * decode.Pp / m.Layers;
        double tokenStep = (step.Seconds * decode.Pp) + draftSeconds;
        double decodeTpot = tokenStep / d.MtpAcceptanceLength;
        r.DecodeStepSeconds = tokenStep;
        r.DecodeComputeSeconds = step.ComputeSeconds;
        r.DecodeMemorySeconds = step.MemorySeconds;
        r.DecodeNetworkSeconds = step.NetworkSeconds;
        r.DecodeOverheadSeconds = step.OverheadSeconds;
        r.DecodeBound = step.Bound;

        // Prefill capacity: one packed chunk per stage step per dp rank; colocated, the batch may not fill a chunk.
        var prefillLayout = prep.Prefill;
        double fresh = load.FreshTokens;
        double chunk = load.Chunk;
        double full = d.PrefillChunkTokens;
        double packed = disaggregated ? full : Math.Min(full, Math.Max(chunk, d.Batch * fresh / decode.Dp));
        double packedSeconds = packed >= full ? load.FullChunkStepSeconds
            : packed > chunk ? ForwardPass.Step(prep.PrefillStep, packed, packed / chunk, packed / chunk, load.PrefillContextTokenLayers).Seconds
            : load.ChunkStepSeconds;
        double prefillService = load.PrefillServiceSeconds;
        double prefillCapacity = Math.Max(packed, chunk) * prefillLayout.Dp / packedSeconds;
        double prefillGpus = disaggregated ? d.PrefillGpus : d.InstanceGpus;
        r.PrefillSecondsPerRequest = prefillService;
        r.PrefillTokSGpu = prefillCapacity / prefillLayout.Gpus;
        r.PrefillPoolInputTokSGpu = r.PrefillTokSGpu * isl / fresh;
        r.DecodePoolTokSUser = d.MtpAcceptanceLength / tokenStep;
        r.DecodePoolTokSGpu = d.Batch * r.DecodePoolTokSUser / decode.Gpus;

        double requestsPerSecond;
        double tpot;
        double ttft;
        if (!disaggregated)
        {
            // Prefill steals decode time: per request lifetime the instance spends fresh/capacity prefilling per request
            // and osl/accepted steps decoding the whole batch.
            double prefillTimePerRequest = fresh / prefillCapacity;
            double lifetime = (d.Batch * prefillTimePerRequest) + (osl * decodeTpot);
            double share = d.Batch * prefillTimePerRequest / lifetime;
            if (share >= 0.999)
            {
                r.Reason = (int)InfeasibleReason.PrefillSaturated;
                return r;
            }

            requestsPerSecond = d.Batch / lifetime;
            tpot = decodeTpot / (1.0 - share);
            r.PrefillShare = share;

            // A new prompt waits for the step in flight, then for prompts ahead of it (M/D/1), then its own chunks.
            double wait = share / (2.0 * (1.0 - share)) * prefillTimePerRequest;
            ttft = tokenStep + wait + prefillService;
            Queueing.AtLoad(ref r, d.Load, tokenStep + prefillService, d.Batch, lifetime, 1.0, prefillTimePerRequest, share, (int)SaturatedPool.Instance);
        }
        else
        {
            // Pools matched in rate: the slower of decode and prefill sets the request rate (closed loop, batch requests in
            // flight per decode instance; the decode pool may run several identical instances).
            double instances = DecodeInstances(d);
            double decodeRate = instances * d.Batch / (osl * decodeTpot);
            double prefillRate = prefillCapacity / fresh;
            requestsPerSecond = Math.Min(decodeRate, prefillRate);
            tpot = decodeTpot;
            r.PrefillShare = requestsPerSecond / prefillRate;

            // KV of the prompt moves from the prefill to the decode pool over scale-out (scale-up inside one NVL domain).
            double transfer = isl * prep.KvTransferSecondsPerToken;

            // Little's law: batch = rate x (ttft + osl x tpot); queueing appears when prefill is the bottleneck.
            double queued = (instances * d.Batch / requestsPerSecond) - (osl * tpot);
            ttft = Math.Max(prefillService, queued) + transfer;

            // The prefill pool at 100 % sets the rate: at that rate its queue grows without bound (flagged, never a finite TTFT).
            bool prefillBound = prefillRate <= decodeRate;
            r.Saturated = prefillBound ? (int)SaturatedPool.Prefill : 0;
            Queueing.AtLoad(
                ref r, d.Load, prefillService + transfer, instances * d.Batch, osl * tpot, requestsPerSecond / decodeRate,
                1.0 / prefillRate, r.PrefillShare, prefillBound ? (int)SaturatedPool.Prefill : (int)SaturatedPool.Decode);
        }

        r.TpotSeconds = tpot;
        r.TokSUser = 1.0 / tpot;
        r.TtftSeconds = ttft;
        r.OutputTokSGpu = requestsPerSecond * osl / r.TotalGpus;
        r.InputTokSGpu = requestsPerSecond * isl / r.TotalGpus;
        r.TotalTokSGpu = r.OutputTokSGpu + r.InputTokSGpu;
        Cost(ref r, d, prefillGpus, disaggregated);
        return r;
    }

    /// <summary>Identical decode instances the configuration runs: decode pool / instance GPUs when disaggregated, else 1.</summary>
    public static double DecodeInstances(in PackedDeployment d) => d.Disaggregated != 0 ? d.DecodeGpus / (double)d.InstanceGpus : 1;

    /// <summary>
    /// Fills <see cref="PackedResult.MaxBatch"/> (at input + output tokens of context) and <see cref="PackedResult.MaxContext"/>
    /// (for this batch) where the weights fit. Kept out of <see cref="Serve"/>: sweeps need them only for the points they report.
    /// </summary>
    public static void MemoryLimits(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d, ref PackedResult r)
    {
        if (prep.KvCapacityBytes <= 0 || (prep.Reason != 0 && prep.Reason != (int)InfeasibleReason.PrefillPoolTooSmall))
        {
            return;
        }

        r.MaxBatch = MemoryPlan.MaxBatch(m, prep.Decode, d.KvPrecision, prep.KvCapacityBytes, d.InputTokens + d.OutputTokens);
        r.MaxContext = MemoryPlan.MaxContext(m, prep.Decode, d.KvPrecision, prep.KvCapacityBytes, d.Batch);
    }

    /// <summary>
    /// Prices GPU time: InferenceX total = $/GPU-h / (total tok/s/GPU x 3600 / 1e6); output tokens carry decode GPU time,
    /// input tokens prefill GPU time (colocated: split by the prefill share).
    /// </summary>
    private static void Cost(ref PackedResult r, in PackedDeployment d, double prefillGpus, bool disaggregated)
    {
        double price = d.UsdPerGpuHour;
        if (price <= 0)
        {
            return;
        }

        r.UsdPerGpuHour = price;
        double perGpuSecond = price / 3600.0;
        r.UsdPerMtokTotal = perGpuSecond / r.TotalTokSGpu * 1e6;
        double outputPerSecond = r.OutputTokSGpu * r.TotalGpus;
        double inputPerSecond = r.InputTokSGpu * r.TotalGpus;
        double decodeGpus = disaggregated ? d.DecodeGpus : d.InstanceGpus * (1.0 - r.PrefillShare);
        double prefillGpuTime = disaggregated ? prefillGpus : d.InstanceGpus * r.PrefillShare;
        r.UsdPerMtokOutput = perGpuSecond * decodeGpus / outputPerSecond * 1e6;
        r.UsdPerMtokInput = perGpuSecond * prefillGpuTime / inputPerSecond * 1e6;
    }

    /// <summary>
    /// The prefill pool's layout: attention tp as in decode where it divides the pool (else 1), data-parallel across
    /// the rest; MoE experts spread over every prefill GPU (wide EP, as DeepSeek and SGLang deploy prefill).
    /// </summary>
    public static Layout PrefillLayout(in PackedModel m, in PackedDeployment d)
    {
        int gpus = d.PrefillGpus;
        int tp = d.Tp <= gpus && d.Tp > 0 && gpus % d.Tp == 0 && m.QueryHeads % d.Tp == 0 ? d.Tp : 1;
        int ep = m.MoeLayers > 0 ? Math.Min(gpus, m.RoutedExperts) : 1;
        if (gpus % ep != 0)
        {
            ep = 1;
        }

        return Layout.Of(gpus, tp, gpus / tp, 1, ep);
    }
}
