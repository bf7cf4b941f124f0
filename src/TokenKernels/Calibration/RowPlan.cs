using TokenKernels.Packing;

namespace TokenKernels.Calibration;

/// <summary>How a row's prediction picks among its candidate configurations.</summary>
internal enum RowSelection
{
    /// <summary>The best per-GPU throughput (max-load runs, saturated pools).</summary>
    MaxThroughput,

    /// <summary>The best tok/s/user (latency runs that report no throughput).</summary>
    MaxInteractivity,

    /// <summary>The lowest TTFT (TTFT-only rows).</summary>
    MinTtft,

    /// <summary>Throughput and interactivity both measured: read each off the frontier at the other's measured value.</summary>
    Frontier,
}

/// <summary>
/// A measurement turned into the configurations a serving engineer would consider: everything the row states is fixed,
/// every open setting is enumerated. Independent of the efficiency profile, so calibration builds it once per row.
/// </summary>
internal sealed class RowPlan
{
    public required Measurement Row { get; init; }

    public required PackedHardware Hardware { get; init; }

    public required PackedModel Model { get; init; }

    /// <summary>Candidate configurations (empty when <see cref="Error"/> is set).</summary>
    public required PackedDeployment[] Candidates { get; init; }

    /// <summary>Settings the row left open, reported as "chosen".</summary>
    public required IReadOnlyList<string> OpenSettings { get; init; }

    public required RowSelection Selection { get; init; }

    /// <summary>The per-GPU throughput metric that ranks candidates and spans the frontier (null for latency-only rows).</summary>
    public MeasuredMetric? Throughput { get; init; }

    /// <summary>
    /// Requests of a finite burst (every request sent at once, then drained: an offline run such as trtllm-bench throughput,
    /// or a benchmark whose concurrency covers its request count) over a colocated end-to-end row; null otherwise. The engine
    /// admits at most a candidate's batch; the rest wait for a whole earlier cohort to finish (<see cref="RowPredictor"/>).
    /// </summary>
    public int? BurstRequests { get; init; }

    /// <summary>
    /// The burst's output lengths (<see cref="Measurement.OslDistribution"/>): fixed lengths drain in cohorts of the batch;
    /// exponential ones through every batch from the engine's down to one (<see cref="Physics.BurstDrain"/>).
    /// </summary>
    public OutputLengthDistribution BurstOutputs { get; init; }

    /// <summary>Metrics the row measures, in column order.</summary>
    public required MeasuredMetric[] Measured { get; init; }

    /// <summary>Serving engine (<see cref="RowGroups.Engine"/>).</summary>
    public string Engine { get; init; } = "";

    /// <summary>Model family (<see cref="RowGroups.Family"/>).</summary>
    public string Family { get; init; } = "";

    /// <summary>Hardware vendor.</summary>
    public string Vendor { get; init; } = "";

    /// <summary>Benchmark kind (<see cref="RowGroups.Kind"/>).</summary>
    public string Kind { get; init; } = RowGroups.OtherKind;

    /// <summary>Why the row cannot be predicted at all, or null.</summary>
    public string? Error { get; init; }
}
