namespace TokenKernels;

/// <summary>One configuration of a <see cref="SweepGrid"/>: the axis values at one index, as the grid spells them.</summary>
public readonly record struct SweepConfiguration
{
    /// <summary>Hardware catalog id.</summary>
    public string Hardware { get; init; }

    /// <summary>Model catalog id.</summary>
    public string Model { get; init; }

    /// <summary>GPUs of the instance.</summary>
    public int Gpus { get; init; }

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

    /// <summary>tp with "the rest" resolved: gpus / (dp x pp) when the grid lists 0.</summary>
    public int ResolvedTp => Tp > 0 ? Tp : Math.Max(1, Gpus / (ResolvedDpOrOne * Pp));

    /// <summary>dp with "the rest" resolved: gpus / (tp x pp) when the grid lists 0 (1 when tp is also 0).</summary>
    public int ResolvedDp => Dp > 0 ? Dp : Tp > 0 ? Math.Max(1, Gpus / (Tp * Pp)) : 1;

    private int ResolvedDpOrOne => Dp > 0 ? Dp : 1;
}
