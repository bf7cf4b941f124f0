namespace TokenKernels.Cli;

/// <summary>
/// Parallel layouts that are input mistakes rather than results: <c>evaluate --gpus 8 --tp 3</c> or an <c>--ep</c> larger
/// than the model's experts is an error naming the option (exit 2), not an "infeasible" table of zeros; in sweeps, an
/// axis value that no combination of the other axes can use is rejected before the sweep starts.
/// </summary>
public static class LayoutChecks
{
    /// <summary>The option a layout reason is the user's mistake in, or null when the reason is a result (memory, context).</summary>
    public static string? OptionFor(InfeasibleReason reason) => reason switch
    {
        InfeasibleReason.LayoutMismatch or InfeasibleReason.TpDoesNotDivideHeads => "--tp",
        InfeasibleReason.EpExceedsExperts or InfeasibleReason.EpDoesNotDivideGpus => "--ep",
        InfeasibleReason.PpExceedsLayers => "--pp",
        _ => null,
    };

    /// <summary>Throws when <paramref name="point"/> is infeasible because of the layout the user chose.</summary>
    /// <exception cref="ArgumentException">The layout cannot run; ParamName is the option to fix.</exception>
    public static void ThrowIfLayoutMistake(EvaluationInput input, ServingPoint point)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (point.Feasible || OptionFor(point.Reason) is not { } option)
        {
            return;
        }

        var d = input.Deployment;
        throw new ArgumentException(
            $"{point.Reason.Describe()} ({point.Reason.ToCode()}: {input.Model.Id} with {d.Gpus} GPUs, tp {input.ResolvedTp}, ep {d.Ep}, dp {d.Dp}, pp {d.Pp}).",
            option);
    }

    /// <summary>Rejects an axis value no combination of the other axes can run.</summary>
    /// <exception cref="ArgumentException">Such a value; ParamName is its option.</exception>
    public static void RejectImpossibleValues(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int experts = grid.Models.Max(m => m.Moe?.RoutedExperts ?? 1);
        int layers = grid.Models.Max(m => m.Layers);

        // The instances the layout axes lay out: colocated --gpus, and each disaggregated decode pool / its instances.
        var instances = (grid.Disaggregated.Contains(false) ? grid.Gpus : [])
            .Concat(grid.Disaggregated.Contains(true)
                ? grid.DecodeGpus.SelectMany(d => grid.DecodeInstances.Where(n => d % n == 0).Select(n => d / n))
                : [])
            .ToList();
        foreach (int ep in grid.Ep)
        {
            if (ep > experts)
            {
                throw new ArgumentException($"ep {ep} exceeds the routed experts of every model swept (at most {experts}).", "--ep");
            }

            if (!instances.Any(g => g % ep == 0))
            {
                throw new ArgumentException($"ep {ep} divides none of the instances (--gpus, --decode-gpus / --decode-instances).", "--ep");
            }
        }

        foreach (int tp in grid.Tp.Where(t => t > 0))
        {
            if (!instances.Any(g => g % tp == 0))
            {
                throw new ArgumentException($"tp {tp} divides none of the instances (--gpus, --decode-gpus / --decode-instances).", "--tp");
            }
        }

        foreach (int pp in grid.Pp)
        {
            if (pp > layers || !instances.Any(g => g % pp == 0))
            {
                throw new ArgumentException($"pp {pp} exceeds every model's layers or divides none of the instances (--gpus, --decode-gpus / --decode-instances).", "--pp");
            }
        }
    }
}
