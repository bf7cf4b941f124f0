namespace TokenKernels;

/// <summary>What a sweep did: configurations evaluated and feasible, wall time, rate and the backend that ran it.</summary>
public readonly record struct SweepStats
{
    /// <summary>Distinct configurations swept (the grid's size; a two-pass device reduction still counts each once).</summary>
    public long ConfigsEvaluated { get; init; }

    /// <summary>Configurations that can run.</summary>
    public long FeasibleConfigs { get; init; }

    /// <summary>Wall time of the sweep, seconds.</summary>
    public double Seconds { get; init; }

    /// <summary><see cref="ConfigsEvaluated"/> / <see cref="Seconds"/>.</summary>
    public double ConfigsPerSecond => Seconds > 0 ? ConfigsEvaluated / Seconds : 0;

    /// <summary>The backend that ran, e.g. <c>cpu</c> or <c>cuda (NVIDIA H200)</c>.</summary>
    public string Backend { get; init; }

    /// <summary>Why that backend ran (<see cref="SweepEngine.BackendReason"/>): requested, or auto's devices and measured fp64 rates.</summary>
    public string BackendReason { get; init; }
}
