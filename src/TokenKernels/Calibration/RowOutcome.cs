namespace TokenKernels.Calibration;

/// <summary>A row predicted under one profile: each measured metric's prediction (NaN where none), the chosen candidate, or why none.</summary>
internal readonly record struct RowOutcome(double[] Predicted, int Chosen, string? Error);
