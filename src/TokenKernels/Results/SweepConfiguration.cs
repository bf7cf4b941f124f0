namespace TokenKernels;

/// <summary>One configuration of a <see cref="SweepGrid"/>: the axis values at one index, as the grid spells them.</summary>
public readonly record struct SweepConfiguration
{
    /// <summary>Hardware catalog id.</summary>
    public string Hardware { get; init; }

    /// <summary>Model catalog id.</summary>
    public string Model { get; init; }

    /// <summary>GPUs in total: the instance when colocated, prefill + decode pools when disaggregated.</summary>
    public int Gpus { get; init; }

    /// <summary>Prefill and decode on separate pools.</summary>
    public bool Disaggregated { get; init; }

    /// <summary>Prefill pool size (0 when colocated).</summary>
    public int PrefillGpus { get; init; }

    /// <summary>Decode pool size (0 when colocated).</summary>
    public int DecodeGpus { get; init; }

    /// <summary>Identical decode instances of the decode pool (1 when colocated).</summary>
    public int DecodeInstances { get; init; }

    /// <summary>Prefill pool attention tp as the grid lists it (0 = the default rule; 0 when colocated).</summary>
    public int PrefillTp { get; init; }

    /// <summary>Prefill pool expert parallelism as the grid lists it (0 = wide EP; 0 when colocated).</summary>
    public int PrefillEp { get; init; }

    /// <summary>GPUs of one decode instance: <see cref="Gpus"/> when colocated, decode GPUs / instances when disaggregated.</summary>
    public int InstanceGpus => Disaggregated ? DecodeGpus / Math.Max(1, DecodeInstances) : Gpus;

    /// <summary>Attention tensor parallelism as the grid lists it (0 = the rest of the GPUs).</summary>
    public int Tp { get; init; }

    /// <summary>Expert parallelism.</summary>
    public int Ep { get; init; }

    /// <summary>Data-parallel attention as the grid lists it (0 = the rest of the GPUs).</summary>
    public int Dp { get; init; }

    /// <summary>Pipeline stages.</summary>
    public int Pp { get; init; }

    /// <summary>Weight precision.</summary>
    public Precision Weights { get; init; }

    /// <summary>KV-cache precision.</summary>
    public Precision KvCache { get; init; }

    /// <summary>Concurrent sequences.</summary>
    public int Batch { get; init; }

    /// <summary>Input tokens per request.</summary>
    public int InputTokens { get; init; }

    /// <summary>Output tokens per request.</summary>
    public int OutputTokens { get; init; }

    /// <summary>MTP acceptance length.</summary>
    public double MtpAcceptance { get; init; }

    /// <summary>tp with "the rest" resolved: instance GPUs / (dp x pp) when the grid lists 0.</summary>
    public int ResolvedTp => Tp > 0 ? Tp : Math.Max(1, InstanceGpus / (ResolvedDpOrOne * Pp));

    /// <summary>dp with "the rest" resolved: instance GPUs / (tp x pp) when the grid lists 0 (1 when tp is also 0).</summary>
    public int ResolvedDp => Dp > 0 ? Dp : Tp > 0 ? Math.Max(1, InstanceGpus / (Tp * Pp)) : 1;

    private int ResolvedDpOrOne => Dp > 0 ? Dp : 1;
}
