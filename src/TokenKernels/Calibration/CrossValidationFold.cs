namespace TokenKernels.Calibration;

/// <summary>One fold of cross-validation.</summary>
public sealed record CrossValidationFold
{
    /// <summary>The group held out: a source, an engine or a vendor (see <see cref="Protocol"/>).</summary>
    public required string Source { get; init; }

    /// <summary>What the folds hold out: "source", "engine" or "vendor".</summary>
    public string Protocol { get; init; } = "source";

    /// <summary>Rows of that group.</summary>
    public required int Rows { get; init; }

    /// <summary>Parameters fitted on every other group (empty when nothing was left to fit on).</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }
}
