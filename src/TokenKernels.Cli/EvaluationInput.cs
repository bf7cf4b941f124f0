namespace TokenKernels.Cli;

/// <summary>One configuration as the command line described it, ready for <see cref="TokenCost.Evaluate"/>.</summary>
/// <param name="Hardware">The accelerator.</param>
/// <param name="Model">The model.</param>
/// <param name="Deployment">Layout, precisions, batch, MTP, serving mode.</param>
/// <param name="Workload">Lengths and prefix-cache hit rate.</param>
/// <param name="Profile">Efficiency profile, or null for the shipped one.</param>
/// <param name="Prices">Price override, or null for the catalog price.</param>
public sealed record EvaluationInput(HardwareSpec Hardware, ModelSpec Model, Deployment Deployment, Workload Workload, EfficiencyProfile? Profile, Prices? Prices)
{
    /// <summary>Evaluates the configuration.</summary>
    public ServingPoint Evaluate() => TokenCost.Evaluate(Hardware, Model, Deployment, Workload, Profile, Prices);

    /// <summary>The length mix a swept point was evaluated at (isl and osl are then its rounded means), or null.</summary>
    public LengthDistribution? Lengths { get; init; }

    /// <summary>The offered request rate (requests/s) TTFT at load was computed at, or 0.</summary>
    public double Rate { get; init; }

    /// <summary>The GPU-hour price the costs use, or null.</summary>
    public Usd? GpuHourPrice => Prices?.GpuHour ?? Hardware.GpuHourPrice;

    /// <summary>The tensor-parallel degree in effect (<see cref="Deployment.Tp"/> 0 resolved).</summary>
    public int ResolvedTp => Deployment.ResolvedTp;

    /// <summary>The prefill pool's attention tp and expert parallelism in effect (<see cref="Deployment.PrefillTp"/> and <see cref="Deployment.PrefillEp"/> 0 resolved).</summary>
    public (int Tp, int Ep) ResolvedPrefill => TokenCost.PrefillLayout(Hardware, Model, Deployment, Workload);
}
