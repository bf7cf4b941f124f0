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

        var hw = HardwarePacker.Pack(s.Hardware, s.Prices);
        var m = ModelPacker.Pack(s.Model);
        var d = DeploymentPacker.Pack(s.Deployment, new Workload { InputTokens = 1, OutputTokens = 1, PrefixCacheHit = s.PrefixCacheHit }, hw);
        var prep = ServingModel.Prepare(hw, m, d, ProfilePacker.Pack(profile));
        if (prep.Reason != 0)
        {
            var reason = (InfeasibleReason)prep.Reason;
            throw new ArgumentException($"The configuration cannot run: {reason.Describe()} ({reason.ToCode()}).", nameof(LoadSimulation.Deployment));
        }

        if (s.Lengths.MaxContextTokens > s.Model.MaxContext)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Requests of up to {s.Lengths.MaxContextTokens} tokens exceed {s.Model.Id}'s context window of {s.Model.MaxContext} (cap the lengths with a context)."),
                nameof(LoadSimulation.Lengths));
        }

        // KV in tokens: a sequence lives on one dp rank; each rank holds capacity / (bytes per token-layer x layers).
        double perRank = Math.Floor(prep.KvCapacityBytes / (prep.KvBytesPerTokenLayer * ModelGeometry.KvTokenLayers(m, 1, prep.DecodeStep.Layers)));
        if (s.Lengths.MaxContextTokens > perRank)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A request of {s.Lengths.MaxContextTokens} tokens cannot fit the KV cache of one attention rank ({perRank} tokens)."),
                nameof(LoadSimulation.Lengths));
        }

        double instances = ServingModel.DecodeInstances(d);
        totalGpus = d.Disaggregated != 0 ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus;
        usdPerGpuHour = d.UsdPerGpuHour;
        return new ReplicaConfig
        {
            Prep = prep,
            Model = m,
            Deployment = d,
            BatchLimit = (int)(s.Deployment.Batch * instances),
            DecodeInstances = instances,
            KvCapacityTokens = perRank * prep.Decode.Dp * instances,
            PrefillServers = d.Disaggregated != 0 ? prep.Prefill.Dp : 0,
            PrefillBudgetTokens = d.PrefillChunkTokens * prep.Prefill.Dp,
        };
    }

    /// <summary>The shared table: the lengths table, then a trace's arrival times (when replaying one).</summary>
    public static double[] Table(LoadSimulation s, ArrivalProcess arrivals, out PackedLengths lengths, out int traceOffset)
    {
        var source = arrivals.Kind == ArrivalKind.Trace ? LengthDistribution.FromTrace(arrivals.Trace!) : s.Lengths;
        lengths = source.Packed;
        traceOffset = source.Table.Length;
        return arrivals.Kind == ArrivalKind.Trace ? [.. source.Table, .. arrivals.Trace!.Requests.Select(r => r.ArrivalSeconds)] : source.Table;
    }

    /// <summary>One replica's load: level <paramref name="arrivals"/>, seed <paramref name="seed"/>, stream <paramref name="stream"/>.</summary>
    public static ReplicaLoad Load(LoadSimulation s, ArrivalProcess arrivals, in PackedLengths lengths, int traceOffset, ulong seed, ulong stream) => new()
    {
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
