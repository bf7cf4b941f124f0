namespace TokenKernels.Calibration;

/// <summary>How a parameter is bounded.</summary>
internal enum ParameterScale
{
    /// <summary>In (0, 1).</summary>
    Fraction,

    /// <summary>Above 0.</summary>
    Positive,

    /// <summary>Above 1.</summary>
    AboveOne,
}
