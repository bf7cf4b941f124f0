using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels;

/// <summary>The single-point entry: what one serving configuration costs and how fast it runs.</summary>
public static class TokenCost
{
    /// <summary>
    /// Evaluates one configuration of <paramref name="model"/> on <paramref name="hardware"/>.
    /// </summary>
    /// <remarks>
    /// Decode step per GPU = max(FLOPs / (peak x efficiency), (weights touched + KV read) / (HBM x efficiency))
    /// + exposed collectives + overheads; TPOT = step / accepted tokens; tok/s/GPU from the request rate the decode
    /// batch (and prefill, colocated or in its own pool) sustains; $/Mtok = $/GPU-hour / (tok/s x 3600 / 1e6).
    /// </remarks>
    /// <param name="hardware">The accelerator.</param>
    /// <param name="model">The model architecture.</param>
    /// <param name="deployment">Layout, precisions, batch, MTP, serving mode.</param>
    /// <param name="workload">Input/output lengths and prefix-cache hit rate.</param>
    /// <param name="profile">Achieved efficiencies; null = <c>EfficiencyProfile.Default</c>, the shipped calibration.</param>
    /// <param name="prices">GPU-hour price; null = the hardware's catalog price (costs null when neither exists).</param>
    /// <returns>The point; infeasible configurations come back with <see cref="ServingPoint.Reason"/> set.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A spec value is out of range; ParamName names it.</exception>
    public static ServingPoint Evaluate(
        HardwareSpec hardware,
        ModelSpec model,
        Deployment deployment,
        Workload workload,
        EfficiencyProfile? profile = null,
        Prices? prices = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(model);
        hardware.Validate();
        model.Validate();
        profile ??= EfficiencyProfile.Default;
        profile.Validate();
        if (prices is not null && !(prices.GpuHour.Dollars > 0 && double.IsFinite(prices.GpuHour.Dollars)))
        {
            throw new ArgumentException($"GPU-hour price must be positive (was {prices.GpuHour.Dollars}).", nameof(prices));
        }

        var hw = HardwarePacker.Pack(hardware, prices);
        var m = ModelPacker.Pack(model);
        var d = DeploymentPacker.Pack(deployment, workload, hw);
        var p = ProfilePacker.Pack(profile);
        return ServingPoint.From(ServingModel.Evaluate(hw, m, d, p));
    }

    /// <summary>
    /// The prefill pool's attention tensor parallelism and expert parallelism that <see cref="Evaluate"/> runs a
    /// disaggregated <paramref name="deployment"/> with: <see cref="Deployment.PrefillTp"/> and
    /// <see cref="Deployment.PrefillEp"/> where given, else the default rule (decode's tp where it divides the pool, the
    /// experts over every prefill GPU).
    /// </summary>
    /// <param name="hardware">The accelerator.</param>
    /// <param name="model">The model architecture.</param>
    /// <param name="deployment">A disaggregated deployment.</param>
    /// <param name="workload">Input/output lengths and prefix-cache hit rate.</param>
    /// <returns>The prefill pool's (tp, ep).</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A spec value is out of range; ParamName names it.</exception>
    public static (int Tp, int Ep) PrefillLayout(HardwareSpec hardware, ModelSpec model, Deployment deployment, Workload workload)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(model);
        hardware.Validate();
        model.Validate();
        var layout = ServingModel.PrefillLayout(ModelPacker.Pack(model), DeploymentPacker.Pack(deployment, workload, HardwarePacker.Pack(hardware, null)));
        return (layout.Tp, layout.Ep);
    }
}
