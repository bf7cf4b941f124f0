namespace TokenKernels;

/// <summary>How a <see cref="LengthDistribution"/> draws request lengths.</summary>
public enum LengthDistributionKind
{
    /// <summary>Every request has the same input and output length.</summary>
    Fixed,

    /// <summary>A weighted list of (input, output) pairs.</summary>
    Weighted,

    /// <summary>Independent log-normal input and output lengths (median, sigma), clipped to the context cap.</summary>
    LogNormal,

    /// <summary>The lengths of a recorded trace, in its order.</summary>
    Trace,
}
