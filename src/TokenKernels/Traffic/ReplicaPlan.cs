using System.Globalization;
using TokenKernels.Packing;
using TokenKernels.Physics;
using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>Checks a <see cref="LoadSimulation"/> on the host and turns it into the blittable inputs of <see cref="ReplicaSimulation"/>.</summary>
internal static class ReplicaPlan
{
    /// <summary>The configuration every replica of <paramref name="s"/> runs.</summary>
    /// <exception cref="ArgumentException">A spec is invalid, the configuration cannot run, or a request could never fit.</exception>
    public static ReplicaConfig Config(LoadSimulation s, out double totalGpus, out double usdPerGpuHour)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(s.Hardware);
        ArgumentNullException.ThrowIfNull(s.Model);
        ArgumentNullException.ThrowIfNull(s.Lengths);
        s.Hardware.Validate();
        s.Model.Validate();
        var profile = s.Profile ?? EfficiencyProfile.Default;
        profile.Validate();
        if (!(s.PrefixCacheHit >= 0 && s.PrefixCacheHit < 1))
        {
            throw new ArgumentException($"PrefixCacheHit must be in [0, 1) (was {s.PrefixCacheHit}).", nameof(LoadSimulation.PrefixCacheHit));
        }

        if (s.Lengths.MaxContextTokens > s.Model.MaxContext)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Requests of up to {s.Lengths.MaxContextTokens} tokens exceed {s.Model.Id}'s context window of {s.Model.MaxContext} (cap the lengths with a context)."),
                nameof(LoadSimulation.Lengths));
        }

        var hw = HardwarePacker.Pack(s.Hardware, s.Prices);
        var d = DeploymentPacker.Pack(s.Deployment, new Workload { InputTokens = 1, OutputTokens = 1, PrefixCacheHit = s.PrefixCacheHit }, hw);
        return Config(hw, ModelPacker.Pack(s.Model), d, ProfilePacker.Pack(profile), s.Lengths.MaxContextTokens, out totalGpus, out usdPerGpuHour);
    }

    /// <summary>The replica configuration of packed specs, for requests of up to <paramref name="maxContextTokens"/> tokens.</summary>
    /// <exception cref="ArgumentException">The configuration cannot run, or such a request could never fit.</exception>
    public static ReplicaConfig Config(
        in PackedHardware hw, in PackedModel m, PackedDeployment d, in PackedProfile profile, double maxContextTokens, out double totalGpus, out double usdPerGpuHour)
    {
        var prep = ServingModel.Prepare(hw, m, d, profile);
        if (prep.Reason != 0)
        {
            var reason = (InfeasibleReason)prep.Reason;
            throw new ArgumentException($"The configuration cannot run: {reason.Describe()} ({reason.ToCode()}).", nameof(LoadSimulation.Deployment));
        }

        // KV in tokens: a sequence lives on one dp rank; each rank holds capacity / (bytes per token-layer x layers).
        double perRank = Math.Floor(prep.KvCapacityBytes / (prep.KvBytesPerTokenLayer * ModelGeometry.KvTokenLayers(m, 1, prep.DecodeStep.Layers)));
        if (maxContextTokens > perRank)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A request of {maxContextTokens} tokens cannot fit the KV cache of one attention rank ({perRank} tokens)."),
                nameof(LoadSimulation.Lengths));
        }

        double instances = ServingModel.DecodeInstances(d);
        int drafts = (int)d.MtpDraftTokens;
        double perDraft = MtpAcceptance.PerDraft(d.MtpAcceptanceLength, drafts);
        totalGpus = d.Disaggregated != 0 ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus;
        usdPerGpuHour = d.UsdPerGpuHour;
        return new ReplicaConfig
        {
            Prep = prep,
            Model = m,
            Deployment = d,
            BatchLimit = (int)d.Batch,
            Instances = (int)instances,
            KvCapacityTokens = perRank * prep.Decode.Dp,
            PrefillBudgetTokens = d.PrefillChunkTokens * prep.Prefill.Dp,
            PerDraft = perDraft,
            StepTokensVariance = MtpAcceptance.TokensPerStepVariance(perDraft, drafts),
        };
    }

    /// <summary>Appends the sampling table of <paramref name="s"/>'s lengths to the shared <paramref name="table"/> and returns them packed at that offset.</summary>
    public static PackedLengths AppendLengths(List<double> table, LoadSimulation s)
    {
        var lengths = s.Lengths.Packed;
        lengths.Offset = table.Count;
        table.AddRange(s.Lengths.Table);
        return lengths;
    }

    /// <summary>
    /// Appends what level <paramref name="arrivals"/> draws from to the shared <paramref name="table"/> (a trace's lengths and
    /// arrival times; other levels draw from the simulation's own <paramref name="lengths"/>) and returns where its lengths start.
    /// </summary>
    public static PackedLengths Append(List<double> table, ArrivalProcess arrivals, in PackedLengths lengths, out int traceOffset)
    {
        if (arrivals.Kind != ArrivalKind.Trace)
        {
            traceOffset = 0;
            return lengths;
        }

        var source = LengthDistribution.FromTrace(arrivals.Trace!);
        var trace = source.Packed;
        trace.Offset = table.Count;
        table.AddRange(source.Table);
        traceOffset = table.Count;
        table.AddRange(arrivals.Trace!.Requests.Select(r => r.ArrivalSeconds));
        return trace;
    }

    /// <summary>One replica's load: level <paramref name="arrivals"/>, seed <paramref name="seed"/>, stream <paramref name="stream"/>, configuration <paramref name="configIndex"/> of the batch.</summary>
    public static ReplicaLoad Load(LoadSimulation s, ArrivalProcess arrivals, in PackedLengths lengths, int traceOffset, ulong seed, ulong stream, int configIndex = 0) => new()
    {
        ConfigIndex = configIndex,
        ArrivalKind = (int)arrivals.Kind,
        RatePerSecond = arrivals.RatePerSecond,
        GammaShape = arrivals.Kind == ArrivalKind.Gamma ? 1.0 / (arrivals.CoefficientOfVariation * arrivals.CoefficientOfVariation) : 1.0,
        Concurrency = arrivals.Concurrency,
        Requests = arrivals.Kind == ArrivalKind.Trace ? arrivals.Trace!.Requests.Count : s.RequestsPerSeed,
        TraceOffset = traceOffset,
        TraceCount = arrivals.Trace?.Requests.Count ?? 0,
        Lengths = lengths,
        PrefixCacheHit = s.PrefixCacheHit,
        Seed = seed,
        Stream = stream,
    };
}
