namespace TokenKernels.Calibration;

/// <summary>One fold of leave-one-source-out cross-validation.</summary>
public sealed record CrossValidationFold
{
    /// <summary>The source held out.</summary>
    public required string Source { get; init; }

    /// <summary>Rows of that source.</summary>
    public required int Rows { get; init; }

    /// <summary>Parameters fitted on every other source.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }
}
