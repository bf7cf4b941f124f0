namespace TokenKernels;

/// <summary>
/// An axis of a <see cref="SweepGrid"/>. The order is the grid's mixed-radix order, outermost first: index digits of
/// <see cref="Batch"/> change fastest.
/// </summary>
public enum SweepAxis
{
    /// <summary>The model (<c>--model</c>).</summary>
    Model = 0,

    /// <summary>The accelerator (<c>--hardware</c>).</summary>
    Hardware = 1,

    /// <summary>
    /// GPU pools: colocated GPUs of one instance (<c>--gpus</c>) or disaggregated prefill and decode pools
    /// (<c>--prefill-gpus</c>, <c>--decode-gpus</c>, <c>--decode-instances</c>, <c>--prefill-tp</c>, <c>--prefill-ep</c>).
    /// </summary>
    Gpus = 2,

    /// <summary>Attention tensor parallelism (<c>--tp</c>).</summary>
    Tp = 3,

    /// <summary>Expert parallelism (<c>--ep</c>).</summary>
    Ep = 4,

    /// <summary>Data-parallel attention (<c>--dp</c>).</summary>
    Dp = 5,

    /// <summary>Pipeline stages (<c>--pp</c>).</summary>
    Pp = 6,

    /// <summary>Weight precision (<c>--weights</c>).</summary>
    Weights = 7,

    /// <summary>KV-cache precision (<c>--kv-cache</c>).</summary>
    KvCache = 8,

    /// <summary>MTP acceptance length (<c>--mtp-acceptance</c>).</summary>
    MtpAcceptance = 9,

    /// <summary>Output tokens per request (<c>--osl</c>).</summary>
    OutputTokens = 10,

    /// <summary>Input tokens per request (<c>--isl</c>).</summary>
    InputTokens = 11,

    /// <summary>Concurrent sequences (<c>--batch</c>).</summary>
    Batch = 12,

    /// <summary>
    /// Serving mode, colocated or disaggregated (<c>--disaggregated</c>). Not a digit of the index (the modes' pools share
    /// the <see cref="Gpus"/> axis); only for <see cref="SweepGrid.KeepApart"/>.
    /// </summary>
    Disaggregated = 13,
}
