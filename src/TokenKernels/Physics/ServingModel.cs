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
        double servable = Math.Max(d.MixLongestTokens > 0 ? d.MixLongestTokens : isl + osl, d.ContextCap);
        if (servable > m.MaxContext)
        {
            load.Reason = (int)InfeasibleReason.ContextExceedsModel;
            return load;
        }

        // Every sequence of a dp rank is reserved KV for ReservedContextTokens on each GPU of the rank (fixed lengths:
        // its full context), and a request as long as the cap must fit on its own.
        load.KvBytesPerSequence = ModelGeometry.KvTokenLayers(m, ReservedContextTokens(d), prep.DecodeStep.Layers) * prep.KvBytesPerTokenLayer;
        if (d.ContextCap > 0 && ModelGeometry.KvTokenLayers(m, d.ContextCap, prep.DecodeStep.Layers) * prep.KvBytesPerTokenLayer > prep.KvCapacityBytes)
        {
            load.Reason = (int)InfeasibleReason.KvCacheExceedsMemory;
            return load;
        }

        load.DecodeContextTokenLayers = ModelGeometry.KvTokenLayers(m, MeanContextInFlight(d), prep.DecodeStep.Layers);

        // Prefill: new tokens per request after prefix-cache hits, in chunks. A lone request runs its own chunks on the one
        // dp rank that holds it (only its tokens meet the experts); for throughput the engine packs prompts into full chunks
        // on every rank (colocated: as many as the batch holds; a prefill pool always has prompts queued).
        double cached = isl * d.PrefixCacheHit;
        double fresh = Math.Max(1.0, isl - cached);
        double chunk = Math.Min(fresh, d.PrefillChunkTokens);
        load.FreshTokens = fresh;
        load.Chunk = chunk;
        load.PrefillContextTokenLayers = ModelGeometry.KvTokenLayers(m, cached + (fresh / 2.0), prep.PrefillStep.Layers);
        load.ChunkStepSeconds = ForwardPass.Step(prep.PrefillStep, chunk, 1.0, 1.0, load.PrefillContextTokenLayers, chunk).Seconds;
        load.PrefillServiceSeconds = (Math.Ceiling(fresh / chunk) + prep.Prefill.Pp - 1) * load.ChunkStepSeconds;
        double full = d.PrefillChunkTokens;
        load.FullChunkStepSeconds = full > chunk
            ? ForwardPass.Step(prep.PrefillStep, full, full / chunk, full / chunk, load.PrefillContextTokenLayers, full * prep.Prefill.Dp).Seconds
            : load.ChunkStepSeconds;
        return load;
    }

    /// <summary>
    /// Headroom of the KV reservation over a sequence's mean context in decode: a sequence's final context (in + out) is
    /// at most twice its time average (in + out / 2), so a pool that holds this many sequences of the mean mix still
    /// holds them if they all reach their last token together.
    /// </summary>
    public const double KvHeadroom = 2.0;

    /// <summary>Mean context (prompt + generated so far) of a sequence in decode: the mix's, else input + output / 2.</summary>
    public static double MeanContextInFlight(in PackedDeployment d) =>
        d.MixContextTokens > 0 ? d.MixContextTokens : d.InputTokens + (d.OutputTokens / 2.0);

    /// <summary>
    /// KV tokens reserved per sequence: min(longest request, <see cref="KvHeadroom"/> x mean context in decode). Fixed
    /// lengths give exactly input + output (2 x (in + out / 2) &gt;= in + out), as does a mix whose every request is as
    /// long as the cap; a shorter mix reserves less, so more sequences fit.
    /// </summary>
    public static double ReservedContextTokens(in PackedDeployment d) =>
        Math.Min(d.MixLongestTokens > 0 ? d.MixLongestTokens : d.InputTokens + d.OutputTokens, KvHeadroom * MeanContextInFlight(d));

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
    /// <see cref="Prepare"/> read; lengths come through <paramref name="load"/>. <see cref="ServeLanes{T}"/> on one lane,
    /// then TTFT at the load (<see cref="AtLoad"/>).
    /// </summary>
    public static PackedResult ServeBatch(in PreparedDeployment prep, in PreparedLoad load, in PackedModel m, in PackedDeployment d)
    {
        var r = default(PackedResult);
        Identify(ref r, prep, d);
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

        ServeLanes<Lane1>(prep, load, d, d.Batch, out var lanes);
        lanes.Fill(ref r, 0, d.UsdPerGpuHour);
        if (r.Reason == 0 && (d.Load > 0 || d.Rate > 0))
        {
            AtLoad(prep, load, m, d, lanes.RequestsPerSecond.Value, lanes.PrefillServerSeconds.Value, ref r);
        }

        return r;
    }

    /// <summary>The fields every result carries, feasible or not: GPUs, weights and KV capacity per GPU.</summary>
    public static void Identify(ref PackedResult r, in PreparedDeployment prep, in PackedDeployment d)
    {
        r.TotalGpus = d.Disaggregated != 0 ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus;
        r.WeightBytesPerGpu = prep.StoredWeightBytes;
        r.KvCapacityBytesPerGpu = prep.KvCapacityBytes;
    }

    /// <summary>
    /// <see cref="ServeBatch"/>'s arithmetic for one batch size per lane of <typeparamref name="T"/> (the batch field of
    /// <paramref name="d"/> is not read): the one formula, which the scalar path runs on <see cref="Lane1"/> and the
    /// managed sweep on several batches at once. A layout and lengths that can run (prep and load reasons 0).
    /// <see cref="ServeRates{T}"/> then <see cref="ServeDetails{T}"/>: a sweep whose sink rejects every lane from the
    /// rates alone skips the details (each field is the same value either way).
    /// </summary>
    public static void ServeLanes<T>(in PreparedDeployment prep, in PreparedLoad load, in PackedDeployment d, T batch, out ServedBatch<T> s)
        where T : struct, ILanes<T>
    {
        ServeRates(prep, load, d, batch, out s);
        ServeDetails(prep, load, d, batch, ref s);
    }

    /// <summary>
    /// The first part of <see cref="ServeLanes{T}"/>: KV fit, the decode step, prefill capacity, and what a reduction
    /// ranks by (reason, request rate, TPOT, tok/s/user, output tok/s/GPU, the saturated pool). Every other field of
    /// <paramref name="s"/> is left for <see cref="ServeDetails{T}"/> (set to 0 here).
    /// </summary>
    public static void ServeRates<T>(in PreparedDeployment prep, in PreparedLoad load, in PackedDeployment d, T batch, out ServedBatch<T> s)
        where T : struct, ILanes<T>
    {
        double osl = d.OutputTokens;
        bool disaggregated = d.Disaggregated != 0;
        double totalGpus = disaggregated ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus;
        var decode = prep.Decode;
        s.KvBytesPerGpu = T.Ceiling(batch / decode.Dp) * load.KvBytesPerSequence;
        T reason = T.IfGreater(s.KvBytesPerGpu, prep.KvCapacityBytes, (double)InfeasibleReason.KvCacheExceedsMemory, 0.0);

        T tokenStep = DecodeTokenStepSeconds(prep, d, batch, load.DecodeContextTokenLayers, out s.DecodeStep);
        T decodeTpot = tokenStep / d.MtpAcceptanceLength;
        s.TokenStepSeconds = tokenStep;

        // Prefill capacity: one packed chunk per stage step per dp rank; colocated, the batch may not fill a chunk, and the
        // step's token budget (the engine's max_num_tokens) holds the busiest rank's generation tokens first: in-flight
        // batching schedules every running sequence's tokens (1 + drafts each) before any prompt, and prompts get only what
        // is left (TensorRT-LLM docs, "Tuning Max Batch Size and Max Num Tokens": "TRT-LLM prioritizes scheduling requests
        // in generation phase first", the generated tokens "take up two tokens out of the max num token budget of 12").
        // A prompt longer than what is left runs in chunks of it (at least one token, so the rate stays finite).
        var prefillLayout = prep.Prefill;
        double fresh = load.FreshTokens;
        double chunk = load.Chunk;
        double full = d.PrefillChunkTokens;
        T budget = disaggregated ? full : T.Max(1.0, full - (T.Ceiling(batch / decode.Dp) * (1.0 + d.MtpDraftTokens)));
        T packed = disaggregated ? full : T.Min(budget, T.Max(chunk, batch * fresh / decode.Dp));
        T partial = load.ChunkStepSeconds;
        T ownStep = T.IfGreater(full, packed, T.IfGreater(packed, chunk, 1.0, T.IfGreater(chunk, packed, 1.0, 0.0)), 0.0);
        if (T.AnyGreater(ownStep, 0.0))
        {
            // Some lane packs more than a lone chunk but less than a full one, or less than a chunk: its own step.
            partial = ForwardPass.Step(prep.PrefillStep, packed, packed / chunk, packed / chunk, load.PrefillContextTokenLayers, packed * prefillLayout.Dp).Seconds;
        }

        T packedSeconds = T.IfGreaterOrEqual(packed, full, load.FullChunkStepSeconds, T.IfGreater(ownStep, 0.0, partial, load.ChunkStepSeconds));
        T prefillCapacity = packed * prefillLayout.Dp / packedSeconds;
        s.PrefillCapacity = prefillCapacity;

        T requestsPerSecond;
        T tpot;
        if (!disaggregated)
        {
            // Prefill steals decode time: per request lifetime the instance spends fresh/capacity prefilling per request
            // and osl/accepted steps decoding the whole batch. With data-parallel attention of a MoE model the busiest rank's
            // prompts set each step (AttentionDpPrefillImbalance) in this closed loop, where each prompt enters as one
            // finishes. The prompt server the queues see at a load (AtLoad) stays the balanced packing: there the prompts
            // that arrive together are spread over the ranks and the busiest rank paces their step (PackedPrefillStep).
            T balancedPrefill = fresh / prefillCapacity;
            T prefillTimePerRequest = balancedPrefill * AttentionDpPrefillImbalance(batch / decode.Dp, d.MtpAcceptanceLength / osl * Math.Ceiling(fresh / chunk), decode.Dp, moe: prep.DecodeStep.MemoryAllExperts > 0, balanced: d.AdpBalance != 0);
            T lifetime = (batch * prefillTimePerRequest) + (osl * decodeTpot);
            T share = batch * prefillTimePerRequest / lifetime;
            reason = T.IfGreater(reason, 0.0, reason, T.IfGreaterOrEqual(share, 0.999, (double)InfeasibleReason.PrefillSaturated, 0.0));
            requestsPerSecond = batch / lifetime;
            tpot = decodeTpot / (1.0 - share);
            s.PrefillShare = share;
            s.PrefillServerSeconds = balancedPrefill;
            s.Saturated = 0.0;
        }
        else
        {
            // Pools matched in rate: the slower of decode and prefill sets the request rate (closed loop, batch requests in
            // flight per decode instance; the decode pool may run several identical instances).
            double instances = DecodeInstances(d);
            T decodeRate = instances * batch / (osl * decodeTpot);
            T prefillRate = prefillCapacity / fresh;
            requestsPerSecond = T.Min(decodeRate, prefillRate);
            tpot = decodeTpot;
            s.PrefillShare = requestsPerSecond / prefillRate;

            // The prefill pool at 100 % sets the rate: at that rate its queue grows without bound (flagged, never a finite TTFT).
            s.Saturated = T.IfGreaterOrEqual(decodeRate, prefillRate, (double)SaturatedPool.Prefill, 0.0);
            s.PrefillServerSeconds = 1.0 / prefillRate;
        }

        s.Reason = reason;
        s.RequestsPerSecond = requestsPerSecond;
        s.TpotSeconds = tpot;
        s.TokSUser = 1.0 / tpot;
        s.OutputTokSGpu = requestsPerSecond * osl / totalGpus;

        // Filled by ServeDetails.
        s.PrefillSecondsPerRequest = 0;
        s.PrefillTokSGpu = 0.0;
        s.PrefillPoolInputTokSGpu = 0.0;
        s.DecodePoolTokSUser = 0.0;
        s.DecodePoolTokSGpu = 0.0;
        s.TtftSeconds = 0.0;
        s.InputTokSGpu = 0.0;
        s.TotalTokSGpu = 0.0;
        s.UsdPerMtokTotal = 0.0;
        s.UsdPerMtokOutput = 0.0;
        s.UsdPerMtokInput = 0.0;
    }

    /// <summary>
    /// How much longer colocated prefill takes when <paramref name="dp"/> data-parallel attention ranks each take their own
    /// prompts: every step waits for the slowest rank (the ranks meet at each MoE layer's all-to-all), so a prompt chunk on
    /// one rank holds the other ranks too. A rank of <paramref name="sequencesPerRank"/> sequences, each finishing after
    /// 1 / <paramref name="chunksPerSequenceStep"/> steps, takes q = sequences x chunks-per-step new prompt chunks per
    /// step on average; while q &lt; 1 each rank has a chunk in a step with chance q, and the busiest of dp ranks has one
    /// with chance 1 - (1 - q)^dp. Prefill is charged at that busiest count, i.e. (1 - (1 - q)^dp) / q times the balanced
    /// time; at q &gt;= 1 every rank has prompts every step and the factor is 1, as it is for dp = 1 and for a dense
    /// model (<paramref name="moe"/> false), whose DP replicas never meet. The whole step is charged, the routed experts
    /// included, as TensorRT-LLM's own speed-of-light model does (its iteration time scales with the busiest rank's tokens,
    /// below); charging only each rank's own (non-expert) work fitted worse (README, Fidelity). TensorRT-LLM
    /// tech blog 10 ("ADP Balance Strategy": DeepSeek V3, 8 GB200, attention DP8 + EP8, in-flight batching) measures
    /// this: round-robin prompts leave the ranks 54% balanced on average, the throughput 25,664 tok/s against 39,552 for
    /// perfectly balanced steps (1.54x). That post's strategy (<c>attention_dp_config.enable_balance</c>) holds new prompts
    /// until every rank has one (or a timeout passes) and prefills them in one step; with it (<paramref name="balanced"/>,
    /// the deployment's <see cref="Deployment.AttentionDpBalance"/>) the same post measures what is left: 33,499 tok/s
    /// with the context wait alone (<c>timeout_iters</c> 50, <c>batching_wait_iters</c> 0), so the balanced run still
    /// loses 39,552 / 33,499 - 1 = 18.1% where round robin loses 39,552 / 25,664 - 1 = 54.1%: a share
    /// <see cref="AdpBalanceResidualShare"/> of the loss. Throughput is 1 / (decode + factor x prefill) here, so the loss
    /// is linear in factor - 1 and the balanced factor is 1 + that share x (round-robin factor - 1).
    /// </summary>
    public static T AttentionDpPrefillImbalance<T>(T sequencesPerRank, double chunksPerSequenceStep, int dp, bool moe, bool balanced = false)
        where T : struct, ILanes<T>
    {
        if (!moe || dp <= 1)
        {
            return 1.0;
        }

        T q = T.Max(sequencesPerRank * chunksPerSequenceStep, 1e-9);
        T allIdle = KernelMath.PowInt(1.0 - T.Min(q, 1.0), dp);
        T roundRobin = T.Max(1.0, (1.0 - allIdle) / q);
        return balanced ? 1.0 + (AdpBalanceResidualShare * (roundRobin - 1.0)) : roundRobin;
    }

    /// <summary>
    /// Share of the round-robin prefill imbalance loss that TensorRT-LLM's ADP balance (context wait only) leaves:
    /// (39,552 / 33,499 - 1) / (39,552 / 25,664 - 1) = 0.1807 / 0.5412 = 0.334 (tech blog 10, "Performance Summary":
    /// DeepSeek V3 on 8 GB200, attention DP8 + EP8; 39,552 tok/s is the perfectly balanced speed of light of the
    /// round-robin run). InferenceX's launch scripts set the same context wait (<c>batching_wait_iters</c> 0).
    /// </summary>
    public const double AdpBalanceResidualShare = ((39552.0 / 33499.0) - 1.0) / ((39552.0 / 25664.0) - 1.0);

    /// <summary>
    /// The rest of <see cref="ServeLanes{T}"/> after <see cref="ServeRates{T}"/> filled <paramref name="s"/> for the same
    /// arguments: per-pool rates, TTFT, input and total tok/s/GPU, and cost.
    /// </summary>
    public static void ServeDetails<T>(in PreparedDeployment prep, in PreparedLoad load, in PackedDeployment d, T batch, ref ServedBatch<T> s)
        where T : struct, ILanes<T>
    {
        double isl = d.InputTokens;
        double osl = d.OutputTokens;
        bool disaggregated = d.Disaggregated != 0;
        double totalGpus = disaggregated ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus;
        var decode = prep.Decode;
        T tokenStep = s.TokenStepSeconds;
        double fresh = load.FreshTokens;
        double prefillService = load.PrefillServiceSeconds;
        s.PrefillSecondsPerRequest = prefillService;
        double prefillGpus = disaggregated ? d.PrefillGpus : d.InstanceGpus;
        s.PrefillTokSGpu = s.PrefillCapacity / prep.Prefill.Gpus;
        s.PrefillPoolInputTokSGpu = s.PrefillTokSGpu * isl / fresh;
        s.DecodePoolTokSUser = d.MtpAcceptanceLength / tokenStep;
        s.DecodePoolTokSGpu = batch * s.DecodePoolTokSUser / decode.Gpus;

        if (!disaggregated)
        {
            // A new prompt waits for the rest of the step in flight (half a step on average), then for prompts ahead of it
            // (M/D/1), then its own chunks.
            T share = s.PrefillShare;
            T wait = share / (2.0 * (1.0 - share)) * s.PrefillServerSeconds;
            s.TtftSeconds = (0.5 * tokenStep) + wait + prefillService;
        }
        else
        {
            // KV of the prompt moves from the prefill to the decode pool over scale-out (scale-up inside one NVL domain).
            double instances = DecodeInstances(d);
            double transfer = isl * prep.KvTransferSecondsPerToken;

            // Little's law: batch = rate x (ttft + osl x tpot); queueing appears when prefill is the bottleneck.
            T queued = (instances * batch / s.RequestsPerSecond) - (osl * s.TpotSeconds);
            s.TtftSeconds = T.Max(prefillService, queued) + transfer;
        }

        s.InputTokSGpu = s.RequestsPerSecond * isl / totalGpus;
        s.TotalTokSGpu = s.OutputTokSGpu + s.InputTokSGpu;
        Cost(ref s, d, prefillGpus, totalGpus, disaggregated);
    }

    /// <summary>
    /// Fills TTFT at <see cref="PackedDeployment.Load"/> of a feasible result of <see cref="ServeLanes{T}"/>: the offered
    /// rate is that share of the rate the result reports, and the queues (<see cref="Queueing"/>) run at it. Decode steps
    /// are timed at the occupancy the rate sustains (linear between batch 1 and the full batch); prompts share a prefill
    /// step only as often as they arrive together (<see cref="Queueing.PromptsPerStep"/>), never better packed than the
    /// full-batch evaluation (<paramref name="prefillServerSeconds"/>). At load 1 or more, or where a queue saturates at
    /// the offered rate, the result is flagged saturated with an infinite TTFT.
    /// </summary>
    /// <param name="prep">The prepared layout.</param>
    /// <param name="load">The prepared lengths.</param>
    /// <param name="m">The model.</param>
    /// <param name="d">The configuration (batch, load or rate).</param>
    /// <param name="requestsPerSecond">The configuration's request rate at capacity.</param>
    /// <param name="prefillServerSeconds">Prefill seconds per request at the full-batch packing (colocated: of the instance; disaggregated: of the pool).</param>
    /// <param name="r">The result to fill.</param>
    public static void AtLoad(in PreparedDeployment prep, in PreparedLoad load, in PackedModel m, in PackedDeployment d, double requestsPerSecond, double prefillServerSeconds, ref PackedResult r)
    {
        double offered = Queueing.OfferedLoad(d.Load, d.Rate, requestsPerSecond);
        if (offered <= 0)
        {
            return;
        }

        if (offered >= 1)
        {
            Queueing.Fill(ref r, offered, 0, 0, d.Disaggregated == 0 ? (int)SaturatedPool.Instance
                : r.Saturated == (int)SaturatedPool.Prefill ? (int)SaturatedPool.Prefill : (int)SaturatedPool.Decode);
            return;
        }

        double rate = offered * requestsPerSecond;
        double tokenStep = r.DecodeStepSeconds;
        double steps = d.OutputTokens / d.MtpAcceptanceLength;
        double stepPerSequence = DecodeStepPerSequence(prep, m, d, load, tokenStep);
        double stepFixed = Math.Max(0, tokenStep - (stepPerSequence * d.Batch));
        double p50, p90;
        int saturated;
        if (d.Disaggregated == 0)
        {
            // Prompts that arrive together share a step (decode steps at the full batch), spread over the dp ranks.
            double prompts = Math.Min(d.Batch, Queueing.PromptsPerStep(rate, tokenStep, tokenStep + load.ChunkStepSeconds));
            double promptStep = PackedPrefillStep(prep, load, d, prompts, prep.Prefill.Dp, out double served);
            double perPrompt = Math.Max(prefillServerSeconds, promptStep / served);
            saturated = Queueing.Colocated(
                rate, d.Batch, stepFixed, stepPerSequence, steps, load.PrefillServiceSeconds, promptStep, load.ChunkStepSeconds, perPrompt, prompts, out p50, out p90)
                ? 0 : (int)SaturatedPool.Instance;
        }
        else
        {
            // The pool's ranks step together; prompts that arrive during a step share the next one, over the dp ranks.
            double prompts = Queueing.PromptsPerStep(rate, 0, load.ChunkStepSeconds);
            double promptStep = PackedPrefillStep(prep, load, d, prompts, prep.Prefill.Dp, out double served);
            double perPrompt = Math.Max(prefillServerSeconds, promptStep / served);
            double firstToken = load.PrefillServiceSeconds + (promptStep - load.ChunkStepSeconds) + (d.InputTokens * prep.KvTransferSecondsPerToken);
            saturated = Queueing.Disaggregated(rate, DecodeInstances(d), d.Batch, stepFixed, stepPerSequence, steps, firstToken, promptStep, perPrompt, out p50, out p90);
        }

        Queueing.Fill(ref r, offered, p50, p90, saturated);
    }

    /// <summary>
    /// The prefill part of one step carrying <paramref name="prompts"/> prompts (1 or more) spread over
    /// <paramref name="ranks"/> data-parallel ranks, a prompt on one rank, each rank up to a full chunk (as
    /// <see cref="ServeLanes{T}"/> packs a batch's prompts, and the load simulator's mixed step): the busiest rank's
    /// tokens pace it, and every rank's tokens meet the experts. <paramref name="served"/>: the prompts' worth of tokens
    /// it prefills (one chunk of a lone prompt longer than a chunk is a share of that prompt).
    /// </summary>
    private static double PackedPrefillStep(in PreparedDeployment prep, in PreparedLoad load, in PackedDeployment d, double prompts, double ranks, out double served)
    {
        double fresh = load.FreshTokens;
        double chunk = load.Chunk;
        double perRank = Math.Min(d.PrefillChunkTokens, Math.Max(chunk, prompts * fresh / ranks));
        double tokens = Math.Min(prompts * fresh, perRank * Math.Min(ranks, prompts));
        served = tokens / fresh;
        return perRank > chunk
            ? ForwardPass.Step(prep.PrefillStep, perRank, perRank / chunk, perRank / chunk, load.PrefillContextTokenLayers, tokens).Seconds
            : load.ChunkStepSeconds;
    }

    /// <summary>
    /// One decode token step of an instance holding <paramref name="batch"/> sequences, each query attending to
    /// <paramref name="contextTokenLayers"/> KV token-layers: the stage step through every stage plus drafting.
    /// <see cref="ServeBatch"/> and the load simulator (Traffic/) both call it.
    /// </summary>
    public static double DecodeTokenStepSeconds(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d, double batch, double contextTokenLayers, out StepTerms step)
    {
        double seconds = DecodeTokenStepSeconds<Lane1>(prep, d, batch, contextTokenLayers, out var lanes).Value;
        step = StepTerms.From(lanes);
        return seconds;
    }

    /// <summary><see cref="DecodeTokenStepSeconds(in PreparedDeployment, in PackedModel, in PackedDeployment, double, double, out StepTerms)"/> in every lane.</summary>
    public static T DecodeTokenStepSeconds<T>(in PreparedDeployment prep, in PackedDeployment d, T batch, T contextTokenLayers, out StepTerms<T> step)
        where T : struct, ILanes<T>
    {
        // Decode: the batch splits into pp micro-batches and dp attention ranks; each sequence verifies 1 + draft tokens.
        // The busiest rank, ceil(batch / dp) sequences (as the memory plan holds them), paces the step; every sequence's
        // tokens meet the experts.
        var decode = prep.Decode;
        double verified = 1.0 + d.MtpDraftTokens;
        T sequencesPerRank = T.Ceiling(batch / decode.Dp) / decode.Pp;
        T decodeTokens = sequencesPerRank * verified;
        T moeSequences = batch / decode.Pp;
        step = ForwardPass.Step(prep.DecodeStep, decodeTokens, sequencesPerRank, decodeTokens, contextTokenLayers, moeSequences * verified);

        // Each drafted token is a forward step of its own through the MTP block (one transformer block, the LM head, a
        // step's overheads) for every micro-batch, on the last stage.
        T draftSeconds = d.MtpDraftTokens > 0
            ? d.MtpDraftTokens * decode.Pp * ForwardPass.DraftStep(prep.DecodeStep, sequencesPerRank, contextTokenLayers, moeSequences)
            : 0.0;
        return (step.Seconds * decode.Pp) + draftSeconds;
    }

    /// <summary>
    /// How much a decode token step grows per sequence of the batch: the slope between batch 1 and the full batch, for
    /// TTFT at load (<see cref="AtLoad"/>), where instances run below their full batch.
    /// </summary>
    private static double DecodeStepPerSequence(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d, in PreparedLoad load, double fullStep)
    {
        if (d.Batch <= 1)
        {
            return 0;
        }

        double lone = DecodeTokenStepSeconds(prep, m, d, 1.0, load.DecodeContextTokenLayers, out _);
        return Math.Max(0, fullStep - lone) / (d.Batch - 1);
    }

    /// <summary>Identical decode instances the configuration runs: decode pool / instance GPUs when disaggregated, else 1.</summary>
    public static double DecodeInstances(in PackedDeployment d) => d.Disaggregated != 0 ? d.DecodeGpus / (double)d.InstanceGpus : 1;

    /// <summary>
    /// Fills <see cref="PackedResult.MaxBatch"/> (at <see cref="ReservedContextTokens"/> per sequence) and <see cref="PackedResult.MaxContext"/>
    /// (for this batch) where the weights fit. Kept out of <see cref="Serve"/>: sweeps need them only for the points they report.
    /// </summary>
    public static void MemoryLimits(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d, ref PackedResult r)
    {
        if (prep.KvCapacityBytes <= 0 || (prep.Reason != 0 && prep.Reason != (int)InfeasibleReason.PrefillPoolTooSmall))
        {
            return;
        }

        r.MaxBatch = MemoryPlan.MaxBatch(m, prep.Decode, d.KvPrecision, prep.KvCapacityBytes, ReservedContextTokens(d));
        r.MaxContext = MemoryPlan.MaxContext(m, prep.Decode, d.KvPrecision, prep.KvCapacityBytes, d.Batch);
    }

    /// <summary>
    /// Prices GPU time: InferenceX total = $/GPU-h / (total tok/s/GPU x 3600 / 1e6); output tokens carry decode GPU time,
    /// input tokens prefill GPU time (colocated: split by the prefill share).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Cost<T>(ref ServedBatch<T> r, in PackedDeployment d, double prefillGpus, double totalGpus, bool disaggregated)
        where T : struct, ILanes<T>
    {
        double price = d.UsdPerGpuHour;
        if (price <= 0)
        {
            return;
        }

        double perGpuSecond = price / 3600.0;
        r.UsdPerMtokTotal = perGpuSecond / r.TotalTokSGpu * 1e6;
        T outputPerSecond = r.OutputTokSGpu * totalGpus;
        T inputPerSecond = r.InputTokSGpu * totalGpus;
        T decodeGpus = disaggregated ? d.DecodeGpus : d.InstanceGpus * (1.0 - r.PrefillShare);
        T prefillGpuTime = disaggregated ? prefillGpus : d.InstanceGpus * r.PrefillShare;
        r.UsdPerMtokOutput = perGpuSecond * decodeGpus / outputPerSecond * 1e6;
        r.UsdPerMtokInput = perGpuSecond * prefillGpuTime / inputPerSecond * 1e6;
    }

    /// <summary>
    /// The prefill pool's layout: <see cref="PackedDeployment.PrefillTp"/> and <see cref="PackedDeployment.PrefillEp"/>
    /// where given (a tp that does not divide the pool leaves tp x dp != GPUs, which <see cref="Layout.Check"/> rejects);
    /// else attention tp as in decode where it divides the pool (else 1), data-parallel across the rest, and MoE experts
    /// spread over every prefill GPU (wide EP, as DeepSeek and SGLang deploy prefill).
    /// </summary>
    public static Layout PrefillLayout(in PackedModel m, in PackedDeployment d)
    {
        int gpus = d.PrefillGpus;
        int tp = d.PrefillTp > 0 ? d.PrefillTp
            : d.Tp <= gpus && d.Tp > 0 && gpus % d.Tp == 0 && m.QueryHeads % d.Tp == 0 ? d.Tp : 1;
        int ep = m.MoeLayers > 0 ? Math.Min(gpus, m.RoutedExperts) : 1;
        if (gpus % ep != 0)
        {
            ep = 1;
        }

        if (d.PrefillEp > 0)
        {
            ep = d.PrefillEp;
        }

        return Layout.Of(gpus, tp, gpus / tp, 1, ep);
    }
}
