namespace TokenKernels.Calibration;

/// <summary>Which part of serving a measurement covers.</summary>
public enum MeasurementPhase
{
    /// <summary>Both phases served; per-GPU throughput divides over every GPU serving.</summary>
    EndToEnd = 0,

    /// <summary>A prefill pool measured alone: its input tokens per second per prefill GPU.</summary>
    Prefill = 1,

    /// <summary>A decode pool measured alone: its output tokens per second per decode GPU.</summary>
    Decode = 2,
}
