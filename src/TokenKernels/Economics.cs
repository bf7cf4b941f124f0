using TokenKernels.Physics;

namespace TokenKernels;

/// <summary>From a serving point to a business: fleet size for a demand, revenue and margin, and per-task latency and cost.</summary>
public static class Economics
{
    /// <summary>
    /// Sizes a fleet for <paramref name="outputTokensPerDay"/> at <paramref name="point"/> (whose input:output ratio sets the
    /// input demand) and prices it. GPUs = ceil(demand / (output tok/s/GPU x instance GPUs)) x instance GPUs;
    /// cost = GPUs x 24 h x $/GPU-hour; revenue = output Mtok x output price + input Mtok x input price.
    /// </summary>
    /// <param name="point">A feasible, priced serving point.</param>
    /// <param name="outputTokensPerDay">Output tokens the fleet must generate per day.</param>
    /// <param name="instanceGpus">GPUs per deployment instance (the fleet grows in these steps).</param>
    /// <param name="pricePerMtokOutput">List price per million output tokens.</param>
    /// <param name="pricePerMtokInput">List price per million input tokens.</param>
    /// <exception cref="ArgumentException">The point is infeasible or unpriced, or a quantity is not positive.</exception>
    public static FleetPlan PlanFleet(ServingPoint point, double outputTokensPerDay, int instanceGpus, Usd pricePerMtokOutput, Usd pricePerMtokInput)
    {
        if (!point.Feasible)
        {
            throw new ArgumentException($"The serving point is infeasible: {point.Reason.Describe()}.", nameof(point));
        }

        if (point.GpuHourPrice is not { } gpuHour)
        {
            throw new ArgumentException("The serving point has no GPU-hour price; evaluate it with Prices.", nameof(point));
        }

        if (!(outputTokensPerDay > 0 && double.IsFinite(outputTokensPerDay)))
        {
            throw new ArgumentException($"Output tokens per day must be positive (was {outputTokensPerDay}).", nameof(outputTokensPerDay));
        }

        if (instanceGpus < 1)
        {
            throw new ArgumentException($"Instance GPUs must be at least 1 (was {instanceGpus}).", nameof(instanceGpus));
        }

        if (!(pricePerMtokOutput.Dollars >= 0 && pricePerMtokInput.Dollars >= 0))
        {
            throw new ArgumentException("Token prices must not be negative.", nameof(pricePerMtokOutput));
        }

        double demand = outputTokensPerDay / FleetMath.SecondsPerDay;
        double gpus = FleetMath.GpusForDemand(demand, point.OutputTokSGpu, instanceGpus);
        double capacityPerDay = gpus * point.OutputTokSGpu * FleetMath.SecondsPerDay;
        double inputPerDay = outputTokensPerDay * point.InputTokSGpu / point.OutputTokSGpu;
        double cost = gpus * 24 * gpuHour.Dollars;
        double revenue = ((outputTokensPerDay * pricePerMtokOutput.Dollars) + (inputPerDay * pricePerMtokInput.Dollars)) / 1e6;
        return new FleetPlan
        {
            Gpus = (int)gpus,
            Utilization = outputTokensPerDay / capacityPerDay,
            CapacityOutputTokensPerDay = capacityPerDay,
            CostPerDay = new Usd(cost),
            RevenuePerDay = new Usd(revenue),
            Margin = revenue > 0 ? (revenue - cost) / revenue : double.NegativeInfinity,
        };
    }

    /// <summary>Latency and cost of one request with <paramref name="promptTokens"/> in and <paramref name="answerTokens"/> out.</summary>
    /// <exception cref="ArgumentException">The point is infeasible or unpriced, or a token count is negative.</exception>
    public static TaskEstimate EstimateTask(ServingPoint point, int promptTokens, int answerTokens)
    {
        if (!point.Feasible)
        {
            throw new ArgumentException($"The serving point is infeasible: {point.Reason.Describe()}.", nameof(point));
        }

        if (point.UsdPerMtokOutput is not { } output || point.UsdPerMtokInput is not { } input)
        {
            throw new ArgumentException("The serving point has no GPU-hour price; evaluate it with Prices.", nameof(point));
        }

        if (promptTokens < 0 || answerTokens < 0)
        {
            throw new ArgumentException("Token counts must not be negative.", promptTokens < 0 ? nameof(promptTokens) : nameof(answerTokens));
        }

        return new TaskEstimate
        {
            Latency = Duration.FromSeconds(FleetMath.TaskSeconds(point.Ttft.Seconds, point.Tpot.Seconds, answerTokens)),
            Cost = new Usd(FleetMath.TaskUsd(input.Dollars, output.Dollars, promptTokens, answerTokens)),
        };
    }
}
