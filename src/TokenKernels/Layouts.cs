namespace TokenKernels;

/// <summary>
/// Picks how to lay a model out on a number of GPUs, as a serving engineer would: by sweeping every layout and pool split.
/// </summary>
public static class Layouts
{
    /// <summary>
    /// The layout of <paramref name="gpus"/> GPUs with the most total tok/s per GPU (so the lowest $/Mtok) at the
    /// template's batch per decode instance, precisions and MTP, among those with a finite TTFT (no saturated queue; the
    /// P90 at the workload's load when one is given). Searched: colocated on all GPUs, and (when <paramref name="disaggregated"/>
    /// allows) every prefill + decode split with every decode-instance count that divides the decode pool; in each
    /// instance every tp, ep and pp that divide it, with dp the rest. Ties go to colocated, then fewer prefill GPUs, then
    /// fewer instances, then lower tp, ep, pp.
    /// </summary>
    /// <param name="hardware">The accelerator.</param>
    /// <param name="model">The model.</param>
    /// <param name="gpus">GPUs in total.</param>
    /// <param name="template">Batch (per decode instance), precisions, MTP, chunk; its layout and pool fields are ignored.</param>
    /// <param name="workload">Lengths, prefix hits, load.</param>
    /// <param name="profile">Efficiencies; null = <c>EfficiencyProfile.Default</c>, the shipped calibration.</param>
    /// <param name="prices">GPU-hour price for the reported costs; null = the catalog price.</param>
    /// <param name="disaggregated">null = both serving modes; false = colocated only; true = disaggregated only.</param>
    /// <returns>The best layout, or null when none can run.</returns>
    /// <exception cref="ArgumentException">A value is out of range; ParamName names it.</exception>
    public static LayoutChoice? Best(
        HardwareSpec hardware,
        ModelSpec model,
        int gpus,
        Deployment template,
        Workload workload,
        EfficiencyProfile? profile = null,
        Prices? prices = null,
        bool? disaggregated = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(workload);
        if (gpus < 1)
        {
            throw new ArgumentException($"gpus must be at least 1 (was {gpus}).", nameof(gpus));
        }

        if (disaggregated == true && gpus < 2)
        {
            throw new ArgumentException("A disaggregated layout needs at least 2 GPUs.", nameof(gpus));
        }

        workload.Validate();

        // One grid per pool (its instance size fixes the divisors); ranked by cost at a fixed price, so by total tok/s/GPU.
        var pools = new List<(bool Dis, int Prefill, int Decode, int Instances)>();
        if (disaggregated != true)
        {
            pools.Add((false, 0, 0, 1));
        }

        if (disaggregated != false)
        {
            for (int prefill = 1; prefill < gpus; prefill++)
            {
                int decode = gpus - prefill;
                pools.AddRange(Divisors(decode).Select(n => (true, prefill, decode, n)));
            }
        }

        using var engine = new SweepEngine(SweepBackend.Cpu);
        var sla = new ServiceLevel { MaxTtft = Duration.FromSeconds(double.MaxValue), MinTokSUser = 0 };
        var ranking = new Prices(new Usd(1));
        LayoutChoice? best = null;
        long searched = 0;
        foreach (var pool in pools)
        {
            var divisors = Divisors(pool.Dis ? pool.Decode / pool.Instances : gpus);
            var grid = new SweepGrid
            {
                Hardware = [hardware],
                Models = [model],
                Gpus = pool.Dis ? [] : [gpus],
                Disaggregated = [pool.Dis],
                PrefillGpus = pool.Dis ? [pool.Prefill] : [],
                DecodeGpus = pool.Dis ? [pool.Decode] : [],
                DecodeInstances = [pool.Instances],
                Tp = divisors,
                Ep = model.Moe is null ? [1] : divisors,
                Dp = [0],
                Pp = divisors,
                Weights = [template.Weights],
                KvCache = [template.KvCache],
                Batch = [template.Batch],
                InputTokens = [workload.InputTokens],
                OutputTokens = [workload.OutputTokens],
                MtpAcceptance = [template.MtpAcceptanceLength],
                MtpDraftTokens = template.MtpDraftTokens,
                PrefixCacheHit = workload.PrefixCacheHit,
                PrefillChunkTokens = template.PrefillChunkTokens,
                CudaGraphs = template.CudaGraphs,
                AttentionDpBalance = template.AttentionDpBalance,
                Load = workload.Load,
                Profile = profile,
                Prices = ranking,
            };
            var found = engine.Cheapest(grid, sla);
            searched += found.Stats.ConfigsEvaluated;
            if (found.Value is not { } point || (best is not null && !(point.Metrics.TotalTokSGpu > best.Point.TotalTokSGpu)))
            {
                continue;
            }

            var c = point.Configuration;
            var deployment = template with
            {
                Gpus = gpus,
                Tp = c.ResolvedTp,
                Ep = c.Ep,
                Dp = c.ResolvedDp,
                Pp = c.Pp,
                Disaggregated = pool.Dis,
                PrefillGpus = pool.Prefill,
                DecodeGpus = pool.Decode,
                DecodeInstances = pool.Instances,
            };
            best = new LayoutChoice(deployment, TokenCost.Evaluate(hardware, model, deployment, workload, profile, prices), 0);
        }

        return best is null ? null : best with { LayoutsSearched = searched };
    }

    private static List<int> Divisors(int n) => Enumerable.Range(1, n).Where(d => n % d == 0).ToList();
}
