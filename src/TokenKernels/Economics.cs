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

    /// <summary>
    /// Judges offers: which dominate which (<see cref="OfferDominance"/>), and for each offer of a catalog model the
    /// cheapest configuration of <paramref name="grid"/> (over each of its hardware, each at its own price) meeting the
    /// offer's tok/s/user, its TTFT and its context window (every sequence of the batch can hold that many tokens), with the
    /// margin at the offer's prices for a request of the grid's lengths. The offer's TTFT bounds the P90 TTFT at the grid's
    /// stated load (<see cref="SweepGrid.Load"/> or <see cref="SweepGrid.Rate"/>, queueing included): a TTFT a user sees
    /// is one under traffic, so an unloaded TTFT would flatter every configuration.
    /// </summary>
    /// <remarks>
    /// Only an offer stating both its TTFT and its tok/s/user gets a cost to serve: without them "the configuration that
    /// serves it" is not defined (any configuration meets a missing bound), so its <see cref="OfferAssessment.Note"/>
    /// names what it lacks and its cost and margin stay null. Dominance uses every offer as stated.
    /// </remarks>
    /// <param name="engine">Runs the sweeps.</param>
    /// <param name="offers">The offers; providers are unique.</param>
    /// <param name="grid">The configurations to search, for each offer's model (found among the grid's models, then the catalog's); its prices are replaced by <paramref name="prices"/>.</param>
    /// <param name="prices">GPU-hour price per hardware.</param>
    /// <param name="progress">Receives 1 per finished sweep (offers x hardware in all).</param>
    /// <param name="cancellationToken">Stops the sweeps.</param>
    /// <exception cref="ArgumentException">A hardware of the grid has no price (all are named), the grid states no load, or the grid is invalid.</exception>
    public static IReadOnlyList<OfferAssessment> AssessOffers(
        SweepEngine engine, IReadOnlyList<ProviderOffer> offers, SweepGrid grid, GpuHourPrices prices, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(prices);
        RequirePrices(grid.Hardware, prices);
        if (!(grid.Load > 0) && !(grid.Rate > 0))
        {
            throw new ArgumentException("Offers' TTFTs are met at a stated load: set the grid's Load (a share of capacity) or Rate.", nameof(grid));
        }

        var dominated = OfferDominance.DominatedBy(offers);
        var result = new List<OfferAssessment>(offers.Count);
        for (int i = 0; i < offers.Count; i++)
        {
            var offer = offers[i];
            var assessment = new OfferAssessment { Offer = offer, DominatedBy = dominated[i].Select(j => offers[j].Provider).ToList() };
            var model = grid.Models.Concat(BuiltInCatalog.Models).FirstOrDefault(m => string.Equals(m.Id, offer.Model, StringComparison.OrdinalIgnoreCase));
            if (model is null)
            {
                progress?.Report(grid.Hardware.DistinctBy(h => h.Id).Count());
                result.Add(assessment with { Note = $"model '{offer.Model}' is not in the catalog: no physics" });
                continue;
            }

            if (offer.Ttft is not { } ttft || offer.TokSUser is not { } tokSUser)
            {
                progress?.Report(grid.Hardware.DistinctBy(h => h.Id).Count());
                string lacks = (offer.Ttft, offer.TokSUser) switch
                {
                    (null, null) => "TTFT and no tok/s/user",
                    (null, _) => "TTFT",
                    _ => "tok/s/user",
                };
                result.Add(assessment with { Note = $"states no {lacks}: no cost to serve (it needs both)" });
                continue;
            }

            var sla = new ServiceLevel { MaxTtft = ttft, MinTokSUser = tokSUser, MinContext = offer.ContextTokens ?? 0 };
            var (best, price) = CheapestOver(engine, grid with { Models = [model] }, prices, sla, cancellationToken, progress);
            if (best is not { } point)
            {
                result.Add(assessment with { Note = "no configuration meets its tok/s/user, TTFT and context window" });
                continue;
            }

            var c = point.Configuration;
            double cost = FleetMath.TaskUsd(point.Metrics.UsdPerMtokInput!.Value.Dollars, point.Metrics.UsdPerMtokOutput!.Value.Dollars, c.InputTokens, c.OutputTokens);
            double? margin = offer.RequestPrice(c.InputTokens, c.OutputTokens, grid.PrefixCacheHit) is { Dollars: > 0 } revenue
                ? (revenue.Dollars - cost) / revenue.Dollars
                : null;
            result.Add(assessment with { Serving = point, GpuHourPrice = price, Margin = margin });
        }

        return result;
    }

    /// <summary>
    /// Sizes the fleet of <paramref name="scenario"/>: at the scenario's tok/s/user and at each of
    /// <paramref name="tokSUserTargets"/>, the cheapest configuration of <paramref name="grid"/> (priced at the scenario's
    /// GPU-hour price) meeting it, and GPUs = ceil(peak output rate / (output tok/s/GPU x instance GPUs)) x instance GPUs,
    /// peak = output tokens per day / 86,400 s x peak-to-average. The grid's lengths should carry the scenario's
    /// input:output ratio and its prefix-cache hit share its cache-hit share (the CLI sets both).
    /// </summary>
    /// <remarks>
    /// Cost = GPUs x 24 h x GPU-hour price, of the stated fleet when one is stated (what the operator pays), else of the
    /// model's; revenue = <see cref="TokenPrices.RevenuePerDay"/>; margins on revenue and on cost.
    /// </remarks>
    /// <exception cref="ArgumentException">The demand, a target or the grid is invalid.</exception>
    public static FleetReport PlanFleet(
        SweepEngine engine, FleetScenario scenario, SweepGrid grid, IReadOnlyList<double> tokSUserTargets, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(tokSUserTargets);
        scenario.Demand.Validate();
        if (!(scenario.GpuHourPrice.Dollars > 0))
        {
            throw new ArgumentException($"The GPU-hour price must be positive (was {scenario.GpuHourPrice.Dollars}).", nameof(scenario));
        }

        if (scenario.StatedGpus is { } stated && !(stated > 0 && double.IsFinite(stated)))
        {
            throw new ArgumentException($"Stated GPUs must be positive (was {stated}).", nameof(scenario));
        }

        var revenue = scenario.Prices.RevenuePerDay(scenario.Demand);
        var priced = grid with { Prices = new Prices(scenario.GpuHourPrice) };
        FleetAtSpeed At(double target)
        {
            if (!(target >= 0 && double.IsFinite(target)))
            {
                throw new ArgumentException($"A tok/s/user target must be finite and at least 0 (was {target}).", nameof(tokSUserTargets));
            }

            var sla = new ServiceLevel { MaxTtft = scenario.MaxTtft ?? Duration.FromSeconds(double.MaxValue), MinTokSUser = target };
            var cheapest = engine.Cheapest(priced, sla, cancellationToken: cancellationToken).Value;
            progress?.Report(1);
            if (cheapest is not { } point)
            {
                return new FleetAtSpeed { TokSUser = target };
            }

            double average = scenario.Demand.OutputTokensPerDay / FleetMath.SecondsPerDay;
            double gpus = FleetMath.GpusForDemand(average * scenario.Demand.PeakToAverage, point.Metrics.OutputTokSGpu, point.Configuration.Gpus);
            double cost = gpus * 24 * scenario.GpuHourPrice.Dollars;
            return new FleetAtSpeed
            {
                TokSUser = target,
                Serving = point,
                Gpus = (int)gpus,
                Utilization = average / (gpus * point.Metrics.OutputTokSGpu),
                CostPerDay = new Usd(cost),
                MarginOnCost = (revenue.Dollars - cost) / cost,
            };
        }

        var model = At(scenario.MinTokSUser);
        return new FleetReport
        {
            Scenario = scenario,
            Model = model,
            CostPerDay = scenario.StatedGpus is { } s ? new Usd(s * 24 * scenario.GpuHourPrice.Dollars) : model.CostPerDay,
            RevenuePerDay = revenue,
            AtTokSUser = tokSUserTargets.Select(At).ToList(),
        };
    }

    /// <summary>
    /// One workload across accelerators: for each hardware of <paramref name="grid"/>, at its own price, the cheapest
    /// configuration (as <see cref="SweepEngine.Cheapest"/>) reaching each tok/s/user target, and its frontier.
    /// </summary>
    /// <param name="engine">Runs the sweeps.</param>
    /// <param name="grid">The configurations; its prices are replaced by <paramref name="prices"/>.</param>
    /// <param name="prices">GPU-hour price per hardware.</param>
    /// <param name="tokSUserTargets">Interactivity targets.</param>
    /// <param name="maxTtft">TTFT bound of every target; null = none.</param>
    /// <param name="progress">Receives 1 per finished sweep (hardware x (targets + 1) in all).</param>
    /// <param name="cancellationToken">Stops the sweeps.</param>
    /// <exception cref="ArgumentException">A hardware has no price (all are named), a target is negative, or the grid is invalid.</exception>
    public static HardwareComparison CompareHardware(
        SweepEngine engine, SweepGrid grid, GpuHourPrices prices, IReadOnlyList<double> tokSUserTargets, Duration? maxTtft = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(tokSUserTargets);
        RequirePrices(grid.Hardware, prices);
        foreach (double t in tokSUserTargets.Where(t => !(t >= 0 && double.IsFinite(t))))
        {
            throw new ArgumentException($"A tok/s/user target must be finite and at least 0 (was {t}).", nameof(tokSUserTargets));
        }

        var rows = new List<HardwareComparisonRow>();
        var frontiers = new List<HardwareFrontier>();
        long evaluated = 0, feasible = 0;
        double seconds = 0;
        string backend = engine.Description;
        void Count(SweepStats s)
        {
            progress?.Report(1);
            evaluated += s.ConfigsEvaluated;
            feasible += s.FeasibleConfigs;
            seconds += s.Seconds;
            backend = s.Backend;
        }

        foreach (var hardware in grid.Hardware.DistinctBy(h => h.Id))
        {
            var price = prices.For(hardware)!.Value;
            var one = grid with { Hardware = [hardware], Prices = new Prices(price) };
            foreach (double target in tokSUserTargets.Order())
            {
                var sla = new ServiceLevel { MaxTtft = maxTtft ?? Duration.FromSeconds(double.MaxValue), MinTokSUser = target };
                var cheapest = engine.Cheapest(one, sla, cancellationToken: cancellationToken);
                Count(cheapest.Stats);
                rows.Add(new HardwareComparisonRow { Hardware = hardware.Id, TokSUser = target, GpuHourPrice = price, Serving = cheapest.Value });
            }

            var frontier = engine.Frontier(one, cancellationToken: cancellationToken);
            Count(frontier.Stats);
            frontiers.Add(new HardwareFrontier(hardware.Id, price, frontier.Value));
        }

        return new HardwareComparison
        {
            Rows = rows,
            Frontiers = frontiers,
            Stats = new SweepStats { ConfigsEvaluated = evaluated, FeasibleConfigs = feasible, Seconds = seconds, Backend = backend },
        };
    }

    /// <summary>
    /// One task of <paramref name="promptTokens"/> prompt tokens answered by each candidate at its own answer length:
    /// latency = TTFT + answer x TPOT, cost = (prompt x input $/Mtok + answer x output $/Mtok) / 1e6.
    /// </summary>
    /// <exception cref="ArgumentException">The prompt is negative.</exception>
    public static IReadOnlyList<TaskRow> CompareTasks(IEnumerable<TaskCandidate> candidates, int promptTokens)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (promptTokens < 0)
        {
            throw new ArgumentException($"Prompt tokens must not be negative (was {promptTokens}).", nameof(promptTokens));
        }

        return candidates.Select(c => new TaskRow(
            c.Name,
            c.AnswerTokens,
            Duration.FromSeconds(FleetMath.TaskSeconds(c.Ttft.Seconds, c.Tpot.Seconds, c.AnswerTokens)),
            new Usd(FleetMath.TaskUsd(c.UsdPerMtokInput.Dollars, c.UsdPerMtokOutput.Dollars, promptTokens, c.AnswerTokens)))).ToList();
    }

    /// <summary>The cheapest point meeting <paramref name="sla"/> over each hardware of <paramref name="grid"/>, each at its own price.</summary>
    /// <param name="engine">The engine that sweeps.</param>
    /// <param name="grid">The configurations; its hardware are priced by <paramref name="prices"/>, not by the grid's prices.</param>
    /// <param name="prices">The GPU-hour price of each hardware.</param>
    /// <param name="sla">The service level every candidate must meet.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <param name="progress">Receives 1 as each hardware is done.</param>
    /// <returns>The cheapest point and the price it was costed at, or (null, null) when none meets the service level.</returns>
    /// <exception cref="ArgumentException">A hardware of the grid has no price in <paramref name="prices"/>, or the grid or service level is out of range.</exception>
    public static (FrontierPoint? Point, Usd? Price) CheapestOver(SweepEngine engine, SweepGrid grid, GpuHourPrices prices, ServiceLevel sla, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(sla);
        ArgumentNullException.ThrowIfNull(prices);
        RequirePrices(grid.Hardware, prices);
        FrontierPoint? best = null;
        Usd? bestPrice = null;
        foreach (var hardware in grid.Hardware.DistinctBy(h => h.Id))
        {
            var price = prices.For(hardware)!.Value;
            var cheapest = engine.Cheapest(grid with { Hardware = [hardware], Prices = new Prices(price) }, sla, cancellationToken: cancellationToken).Value;
            progress?.Report(1);
            if (cheapest is { } p
                && (best is null || p.Metrics.UsdPerMtokTotal!.Value < best.Value.Metrics.UsdPerMtokTotal!.Value))
            {
                (best, bestPrice) = (p, price);
            }
        }

        return (best, bestPrice);
    }

    private static void RequirePrices(IReadOnlyList<HardwareSpec> hardware, GpuHourPrices prices)
    {
        ArgumentNullException.ThrowIfNull(hardware, nameof(SweepGrid.Hardware));
        prices.Require(hardware);
    }
}
