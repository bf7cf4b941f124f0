namespace TokenKernels.Calibration;

/// <summary>How a row's output lengths are spread around its stated <see cref="Measurement.Osl"/> (CSV <c>osl_distribution</c>).</summary>
public enum OutputLengthDistribution
{
    /// <summary>Every request (or every request of a cohort) has the stated length: the default when not stated.</summary>
    Fixed,

    /// <summary>
    /// Exponential with the stated mean (memoryless; the maximum-entropy form when a source gives only the mean of a long
    /// tail): a finite burst drains through every batch from the engine's down to one (<see cref="Physics.BurstDrain"/>).
    /// </summary>
    Exponential,
}
