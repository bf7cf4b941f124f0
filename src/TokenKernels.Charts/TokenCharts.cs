using System.Globalization;

namespace TokenKernels;

/// <summary>
/// The article's charts, built from the library's results as <see cref="Chart"/> data; draw them with
/// <see cref="ChartFile"/>. Every chart titles its axes with units, puts values that span decades on log axes, starts
/// linear axes of throughput and cost at 0, and keeps the legend beside the data.
/// </summary>
public static class TokenCharts
{
    /// <summary>
    /// $/Mtok (log axis) against tok/s per user, one line per series: the cheapest point at each interactivity (the
    /// points no faster, cheaper point beats), from the slowest to the fastest. Points without a price are left out, and
    /// a series with none is named in the subtitle.
    /// </summary>
    /// <param name="series">Frontiers, e.g. <see cref="FrontierSeries.ByGroup"/> of <see cref="SweepEngine.Frontier"/>'s answer.</param>
    /// <param name="cost">Which $/Mtok to draw.</param>
    /// <param name="subtitle">The workload and prices, shown under the title.</param>
    public static Chart CostAgainstInteractivity(IReadOnlyList<FrontierSeries> series, ChartCost cost = ChartCost.Total, string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(series);
        var drawn = new List<ChartSeries>();
        var unpriced = new List<string>();
        foreach (var s in series)
        {
            var cheapest = CheapestByInteractivity(s.Points, cost);
            if (cheapest.Count == 0)
            {
                unpriced.Add(s.Label);
                continue;
            }

            drawn.Add(new ChartSeries(s.Label, ChartSeriesKind.Line,
                [.. cheapest.Select(p => new ChartPoint(p.Metrics.TokSUser, Cost(p, cost)!.Value) { Hover = Hover(s.Label, p) })]));
        }

        string note = unpriced.Count == 0 ? "" : $"no GPU-hour price, not drawn: {string.Join(", ", unpriced)}";
        return new Chart(
            "Cost of a token against speed per user",
            Join(subtitle, note),
            new ChartAxis("tok/s per user (output)", ChartAxis.SpansDecades(drawn.SelectMany(d => d.Points).Select(p => p.X))),
            new ChartAxis($"$ per million tokens, {CostName(cost)} (log)", true),
            drawn);
    }

    /// <summary>
    /// The throughput frontier: output tok/s per GPU against tok/s per user, one line per series, with the $/Mtok of
    /// about five points per series written beside them. Axes turn logarithmic where their values span decades.
    /// </summary>
    /// <param name="series">Frontiers, e.g. <see cref="FrontierSeries.ByGroup"/> of <see cref="SweepEngine.Frontier"/>'s answer.</param>
    /// <param name="cost">Which $/Mtok to write beside the points.</param>
    /// <param name="subtitle">The workload and prices, shown under the title.</param>
    public static Chart Frontier(IReadOnlyList<FrontierSeries> series, ChartCost cost = ChartCost.Total, string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(series);
        var drawn = series.Where(s => s.Points.Count > 0).Select(s =>
        {
            var ordered = s.Points.Where(p => p.Metrics.Feasible).OrderBy(p => p.Metrics.TokSUser).ToList();
            int every = Math.Max(1, (int)Math.Ceiling(ordered.Count / 5.0));
            return new ChartSeries(s.Label, ChartSeriesKind.Line, [.. ordered.Select((p, i) =>
                new ChartPoint(p.Metrics.TokSUser, p.Metrics.OutputTokSGpu)
                {
                    Label = i % every == 0 && Cost(p, cost) is { } usd ? $"${Money(usd)}" : "",
                    Hover = Hover(s.Label, p),
                })]);
        }).ToList();
        var points = drawn.SelectMany(d => d.Points).ToList();
        return new Chart(
            "Throughput per GPU against speed per user (Pareto frontier)",
            Join(subtitle, $"labels: $/Mtok, {CostName(cost)}"),
            new ChartAxis("tok/s per user (output)", ChartAxis.SpansDecades(points.Select(p => p.X))),
            new ChartAxis("output tok/s per GPU", ChartAxis.SpansDecades(points.Select(p => p.Y))),
            drawn);
    }

    /// <summary>
    /// The offers bubble chart: price (log) against TTFT (log), bubble area proportional to the context window, each
    /// bubble labelled with its provider (and margin when known); offers another offer dominates form their own series.
    /// </summary>
    /// <param name="offers">The offers.</param>
    /// <param name="priceTitle">What the price axis shows, with its unit.</param>
    /// <param name="subtitle">The model and the sources, shown under the title.</param>
    /// <exception cref="ArgumentException">A price or TTFT that is not positive (a log axis cannot show it).</exception>
    public static Chart Offers(IReadOnlyList<OfferChartPoint> offers, string priceTitle = "price, $ per million output tokens (log)", string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(offers);
        foreach (var o in offers)
        {
            if (!(o.UsdPerMtok > 0) || !(o.Ttft.Seconds > 0))
            {
                throw new ArgumentException($"offer '{o.Provider}': price and TTFT must be positive for log axes.", nameof(offers));
            }
        }

        ChartPoint Bubble(OfferChartPoint o) => new(o.Ttft.Seconds, o.UsdPerMtok)
        {
            Size = o.ContextTokens,
            Label = o.Margin is { } m ? $"{o.Provider} ({Percent(m)} margin)" : o.Provider,
            Hover = string.Create(CultureInfo.InvariantCulture,
                $"{o.Provider}: ${Money(o.UsdPerMtok)}/Mtok, TTFT {o.Ttft.Seconds:0.##} s, {o.ContextTokens:#,0} tokens of context")
                + (o.DominatedBy.Count > 0 ? $"; dominated by {string.Join(", ", o.DominatedBy)}" : "")
                + (o.Margin is { } margin ? $"; margin {Percent(margin)}" : ""),
        };

        var series = new List<ChartSeries>();
        var best = offers.Where(o => o.DominatedBy.Count == 0).Select(Bubble).ToList();
        var dominated = offers.Where(o => o.DominatedBy.Count > 0).Select(Bubble).ToList();
        if (best.Count > 0)
        {
            series.Add(new ChartSeries("not dominated", ChartSeriesKind.Bubbles, best));
        }

        if (dominated.Count > 0)
        {
            series.Add(new ChartSeries("dominated", ChartSeriesKind.Bubbles, dominated));
        }

        string note = dominated.Count > 0 ? "bubble area: context window; dominated: another offer is no worse on price, TTFT, speed and context, better on one" : "bubble area: context window";
        return new Chart("Offers: price against time to first token", Join(subtitle, note),
            new ChartAxis("time to first token, s (log)", true), new ChartAxis(priceTitle, true), series);
    }

    /// <summary>
    /// The offers bubble chart from <see cref="Economics.AssessOffers"/>'s answer: output price against TTFT, with
    /// dominance and the modelled margin. Offers without an output price, a TTFT or a context window cannot be placed:
    /// they are named in the subtitle. A bubble is drawn as dominated only when an offer on the chart dominates it: a
    /// dominance by an offer left out (one stating only prices, say) is not something the chart can show. When fewer
    /// than two offers state a TTFT (price pages rarely do), the chart is drawn against the context window instead
    /// (<see cref="OffersAgainstContext"/>), so the offers still show.
    /// </summary>
    /// <param name="assessments">The assessed offers.</param>
    /// <param name="subtitle">The model and the sources, shown under the title.</param>
    public static Chart Offers(IReadOnlyList<OfferAssessment> assessments, string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(assessments);
        var placed = assessments.Where(a => a.Offer.OutputPrice is { Dollars: > 0 } && a.Offer.Ttft is { Seconds: > 0 } && a.Offer.ContextTokens is > 0).ToList();
        if (placed.Count < 2)
        {
            return OffersAgainstContext(assessments, subtitle);
        }

        var missing = assessments.Except(placed).Select(a => a.Offer.Provider).ToList();
        var drawn = placed.Select(a => a.Offer.Provider).ToHashSet();
        var chart = Offers(
            [.. placed.Select(a => new OfferChartPoint(a.Offer.Provider, a.Offer.OutputPrice!.Value.Dollars, a.Offer.Ttft!.Value, a.Offer.ContextTokens!.Value)
            {
                DominatedBy = [.. a.DominatedBy.Where(drawn.Contains)],
                Margin = a.Margin,
            })],
            subtitle: subtitle);
        return missing.Count == 0 ? chart : chart with { Subtitle = Join(chart.Subtitle, $"no price, TTFT or context, not drawn: {string.Join(", ", missing)}") };
    }

    /// <summary>
    /// Offers without TTFTs: output price (log) against context window (log), each marker labelled with its provider
    /// (and margin when known), dominated offers their own series. Offers without an output price or a context window
    /// are named in the subtitle.
    /// </summary>
    /// <param name="assessments">The assessed offers.</param>
    /// <param name="subtitle">The model and the sources, shown under the title.</param>
    public static Chart OffersAgainstContext(IReadOnlyList<OfferAssessment> assessments, string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(assessments);
        var placed = assessments.Where(a => a.Offer.OutputPrice is { Dollars: > 0 } && a.Offer.ContextTokens is > 0).ToList();
        var missing = assessments.Except(placed).Select(a => a.Offer.Provider).ToList();
        ChartPoint At(OfferAssessment a) => new(a.Offer.ContextTokens!.Value, a.Offer.OutputPrice!.Value.Dollars)
        {
            Label = a.Margin is { } m ? $"{a.Offer.Provider} ({Percent(m)} margin)" : a.Offer.Provider,
            Hover = string.Create(CultureInfo.InvariantCulture,
                $"{a.Offer.Provider}: ${Money(a.Offer.OutputPrice!.Value.Dollars)}/Mtok output, {a.Offer.ContextTokens:#,0} tokens of context")
                + (a.DominatedBy.Count > 0 ? $"; dominated by {string.Join(", ", a.DominatedBy)}" : "")
                + (a.Margin is { } margin ? $"; margin {Percent(margin)}" : ""),
        };

        var series = new List<ChartSeries>();
        var best = placed.Where(a => a.DominatedBy.Count == 0).Select(At).ToList();
        var dominated = placed.Where(a => a.DominatedBy.Count > 0).Select(At).ToList();
        if (best.Count > 0)
        {
            series.Add(new ChartSeries("not dominated", ChartSeriesKind.Markers, best));
        }

        if (dominated.Count > 0)
        {
            series.Add(new ChartSeries("dominated (on the figures both offers state)", ChartSeriesKind.Markers, dominated));
        }

        string note = missing.Count == 0 ? "" : $"no output price or context, not drawn: {string.Join(", ", missing)}";
        return new Chart("Offers: price against context window", Join(Join(subtitle, "no TTFT stated: drawn against context"), note),
            new ChartAxis("context window, tokens (log)", true), new ChartAxis("price, $ per million output tokens (log)", true), series);
    }

    /// <summary>
    /// TTFT against load: a P50 and a P99 line per series. Saturated loads have no steady-state TTFT: they are not drawn
    /// and the subtitle counts them.
    /// </summary>
    /// <param name="series">One series per deployment.</param>
    /// <param name="loadTitle">What the load axis shows, with its unit.</param>
    /// <param name="subtitle">The workload, shown under the title.</param>
    public static Chart TtftAgainstLoad(IReadOnlyList<TtftLoadSeries> series, string loadTitle = "offered load, requests per second", string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(series);
        var drawn = new List<ChartSeries>();
        int saturated = 0;
        foreach (var s in series)
        {
            var steady = s.Points.Where(p => !p.Saturated).OrderBy(p => p.Load).ToList();
            saturated += s.Points.Count - steady.Count;
            ChartPoint At(TtftAtLoad p, Duration ttft, string percentile) => new(p.Load, ttft.Seconds)
            {
                Hover = string.Create(CultureInfo.InvariantCulture, $"{s.Label}: {percentile} TTFT {ttft.Seconds:0.###} s at load {p.Load:0.###}"),
            };
            drawn.Add(new ChartSeries($"{s.Label}, P50", ChartSeriesKind.Line, [.. steady.Select(p => At(p, p.P50, "P50"))]));
            drawn.Add(new ChartSeries($"{s.Label}, P99", ChartSeriesKind.Line, [.. steady.Select(p => At(p, p.P99, "P99"))]));
        }

        var points = drawn.SelectMany(d => d.Points).ToList();
        string note = saturated == 0 ? "" : $"{saturated} saturated load(s) (queue grows without bound) not drawn";
        return new Chart("Time to first token against load", Join(subtitle, note),
            new ChartAxis(loadTitle, ChartAxis.SpansDecades(points.Select(p => p.X))),
            new ChartAxis("time to first token, s", ChartAxis.SpansDecades(points.Select(p => p.Y))),
            drawn);
    }

    /// <summary>
    /// Fleet size against interactivity: GPUs needed for the same demand at each tok/s per user, each point labelled with
    /// its cost per day. The GPU axis turns logarithmic where the fleets span decades. Targets no configuration meets are
    /// counted in the subtitle, not drawn.
    /// </summary>
    /// <param name="series">One series per hardware or scenario.</param>
    /// <param name="subtitle">The demand and prices, shown under the title.</param>
    public static Chart FleetAgainstInteractivity(IReadOnlyList<FleetSeries> series, string subtitle = "")
    {
        ArgumentNullException.ThrowIfNull(series);
        return FleetChart([.. series.Select(s => new ChartSeries(s.Label, ChartSeriesKind.Line, [.. s.Points
            .Where(p => p.Gpus is not null).OrderBy(p => p.TokSUser).Select(p => FleetPoint(s.Label, p))]))],
            subtitle, series.Sum(s => s.Points.Count(p => p.Gpus is null)));
    }

    /// <summary>
    /// A fleet report as a chart: the model's fleet for the scenario's traffic at each tok/s per user it was asked for (and
    /// at the scenario's own target), beside the fleet the operator states it runs; the gap between them is the compute
    /// kept for other work.
    /// </summary>
    /// <param name="report"><see cref="Economics.PlanFleet(SweepEngine, FleetScenario, SweepGrid, IReadOnlyList{double}, IProgress{int}, CancellationToken)"/>'s answer.</param>
    public static Chart FleetAgainstInteractivity(FleetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var scenario = report.Scenario;
        var fleets = report.AtTokSUser.Append(report.Model).DistinctBy(f => f.TokSUser).ToList();
        string label = $"{scenario.Model} on {scenario.Hardware} (model)";
        var series = new List<ChartSeries>
        {
            new(label, ChartSeriesKind.Line, [.. fleets.Where(f => f.Gpus is not null).OrderBy(f => f.TokSUser).Select(f => FleetPoint(label, f))]),
        };
        if (report.GpusStated is { } stated)
        {
            double cost = stated * 24 * scenario.GpuHourPrice.Dollars;
            series.Add(new ChartSeries("stated fleet", ChartSeriesKind.Markers,
            [
                new ChartPoint(scenario.MinTokSUser, stated)
                {
                    Label = string.Create(CultureInfo.InvariantCulture, $"stated: {stated:#,0} GPUs, ${Money(cost)}/day"),
                    Hover = string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: {stated:#,0} GPUs stated at {scenario.MinTokSUser:0.#} tok/s/user, ${cost:#,0}/day")
                        + (report.GpusLeft is { } left ? string.Create(CultureInfo.InvariantCulture, $"; {left:#,0} more than the model's fleet") : ""),
                },
            ]));
        }

        string subtitle = string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: {scenario.Demand.InputTokensPerDay / 1e9:0.#}B in ({Percent(scenario.Demand.CacheHitShare)} cached) / {scenario.Demand.OutputTokensPerDay / 1e9:0.#}B out tokens a day, ${scenario.GpuHourPrice.Dollars:0.##}/GPU-hour");
        return FleetChart(series, subtitle, fleets.Count(f => f.Gpus is null));
    }

    private static Chart FleetChart(List<ChartSeries> drawn, string subtitle, int unmet)
    {
        // Where the fleet stays flat over several speeds the cost repeats: label the first point only, or the labels overlap.
        drawn = [.. drawn.Select(d => d with
        {
            Points = [.. d.Points.Select((p, i) => i > 0 && p.Label == d.Points[i - 1].Label ? p with { Label = "" } : p)],
        })];
        var points = drawn.SelectMany(d => d.Points).ToList();
        var x = new ChartAxis("tok/s per user (output)", ChartAxis.SpansDecades(points.Select(p => p.X)));
        var y = new ChartAxis("GPUs", ChartAxis.SpansDecades(points.Select(p => p.Y)));

        // A label sits up and right of its point, about an eighth of the plot wide and a twentieth high: one whose point is
        // that close to the last labelled point of its series would overlap it, so it is left off (the hover keeps it).
        double Position(ChartAxis axis, double v) => axis.Log ? Math.Log10(v) : v;
        double Span(ChartAxis axis, IEnumerable<double> values)
        {
            var v = values.Where(d => !axis.Log || d > 0).Select(d => Position(axis, d)).ToList();
            return v.Count == 0 ? 1 : Math.Max(v.Max() - (axis.Log ? v.Min() : Math.Min(0, v.Min())), 1e-12);
        }

        double xSpan = Span(x, points.Select(p => p.X)), ySpan = Span(y, points.Select(p => p.Y));
        drawn = [.. drawn.Select(d =>
        {
            ChartPoint? last = null;
            var kept = new List<ChartPoint>(d.Points.Count);
            foreach (var p in d.Points)
            {
                bool close = last is { } l && p.Label.Length > 0
                    && Math.Abs(Position(x, p.X) - Position(x, l.X)) < LabelWidthShare * xSpan
                    && Math.Abs(Position(y, p.Y) - Position(y, l.Y)) < LabelHeightShare * ySpan;
                kept.Add(close ? p with { Label = "" } : p);
                last = p.Label.Length > 0 && !close ? p : last;
            }

            return d with { Points = kept };
        })];

        string note = unmet == 0 ? "labels: $/day" : $"labels: $/day; {unmet} target(s) no configuration meets, not drawn";
        return new Chart("Fleet size against speed per user", Join(subtitle, note), x, y, drawn);
    }

    /// <summary>Share of the x span a fleet chart's cost label takes ("$149,760/day" at the default size).</summary>
    private const double LabelWidthShare = 0.12;

    /// <summary>Share of the y span a fleet chart's cost label takes.</summary>
    private const double LabelHeightShare = 0.05;

    private static ChartPoint FleetPoint(string label, FleetAtSpeed f) => new(f.TokSUser, f.Gpus!.Value)
    {
        Label = f.CostPerDay is { } cost ? $"${Money(cost.Dollars)}/day" : "",
        Hover = string.Create(CultureInfo.InvariantCulture, $"{label}: {f.Gpus:#,0} GPUs at {f.TokSUser:0.#} tok/s/user")
            + (f.Utilization is { } u ? $", utilisation {Percent(u)}" : "")
            + (f.CostPerDay is { } c ? string.Create(CultureInfo.InvariantCulture, $", ${c.Dollars:#,0}/day") : "")
            + (f.MarginOnCost is { } m ? $", margin on cost {Percent(m)}" : "")
            + (f.Serving is { } p ? string.Create(CultureInfo.InvariantCulture, $"; instances of {p.Configuration.Gpus} GPUs, batch {p.Configuration.Batch}") : ""),
    };

    /// <summary>The priced points no faster-and-cheaper point beats, by rising tok/s per user.</summary>
    internal static List<FrontierPoint> CheapestByInteractivity(IEnumerable<FrontierPoint> points, ChartCost cost)
    {
        var kept = new List<FrontierPoint>();
        double cheapest = double.PositiveInfinity;
        foreach (var p in points.Where(p => p.Metrics.Feasible && Cost(p, cost) is > 0)
                     .OrderByDescending(p => p.Metrics.TokSUser).ThenBy(p => Cost(p, cost)))
        {
            double usd = Cost(p, cost)!.Value;
            if (usd < cheapest)
            {
                cheapest = usd;
                kept.Add(p);
            }
        }

        kept.Reverse();
        return kept;
    }

    private static double? Cost(FrontierPoint p, ChartCost cost) => (cost switch
    {
        ChartCost.Output => p.Metrics.UsdPerMtokOutput,
        ChartCost.Input => p.Metrics.UsdPerMtokInput,
        _ => p.Metrics.UsdPerMtokTotal,
    })?.Dollars;

    private static string CostName(ChartCost cost) => cost switch
    {
        ChartCost.Output => "output",
        ChartCost.Input => "input",
        _ => "input + output",
    };

    private static string Hover(string label, FrontierPoint p)
    {
        var c = p.Configuration;
        var m = p.Metrics;
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: {c.Gpus} GPUs (tp {c.ResolvedTp}, ep {c.Ep}, dp {c.ResolvedDp}), {c.Weights.ToId()}, batch {c.Batch}, {c.InputTokens}/{c.OutputTokens} tokens; ")
            + string.Create(CultureInfo.InvariantCulture,
            $"{m.TokSUser:0.#} tok/s/user, {m.OutputTokSGpu:#,0} output tok/s/GPU, TTFT {m.Ttft.Seconds:0.###} s")
            + (m.UsdPerMtokTotal is { } total ? $", ${Money(total.Dollars)}/Mtok total, ${Money(m.UsdPerMtokOutput!.Value.Dollars)}/Mtok output" : "");
    }

    /// <summary>Dollars with three significant digits: 0.0421, 0.421, 4.21, 42.1, 1,234.</summary>
    internal static string Money(double usd) => usd switch
    {
        >= 1000 => usd.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => usd.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => usd.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 => usd.ToString("0.00", CultureInfo.InvariantCulture),
        _ => usd.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0}%");

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}; {b}";
}
