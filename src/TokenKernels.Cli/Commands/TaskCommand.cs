using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>task</c>: one task answered at different lengths: per offer (price and speed as sold) or per modelled deployment
/// (the cheapest configuration meeting <c>--min-tok-s-user</c>, at cost), end-to-end latency and cost.
/// </summary>
public static class TaskCommand
{
    /// <summary>Columns of a row (table, CSV and JSON).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["name", "answer_tokens", "ttft_s", "latency_s", "usd", "kind", "configuration"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("task", "One task, answers of different lengths: end-to-end latency (TTFT + tokens x TPOT) and cost per model or offer");
        var prompt = new Option<int>("--prompt-tokens") { Description = "Prompt tokens of the task", Required = true };
        var offersFile = new Option<string?>("--offers") { Description = "Offers CSV (data/README.md): offers answer at their sold price and speed, no physics" };
        var answers = new Option<string?>("--answer-tokens") { Description = "Answer length per offer: provider=tokens, comma-separated (providers of --offers)" };
        var serve = new Option<string?>("--serve") { Description = "Modelled answers: model@hardware=tokens, comma-separated (catalog ids); served by the cheapest configuration meeting --min-tok-s-user, at cost; with --load, TTFT is the P90 at that load" };
        var minSpeed = new Option<double>("--min-tok-s-user") { Description = "Interactivity every --serve deployment must give, tok/s per user", DefaultValueFactory = _ => 20 };
        var maxTtft = new Option<double?>("--max-ttft-s") { Description = "Longest acceptable TTFT of --serve deployments, seconds (default: no bound)" };
        var options = new MarketOptions();
        Option[] own = [prompt, offersFile, answers, serve, minSpeed, maxTtft];
        foreach (var option in own)
        {
            command.Options.Add(option);
        }

        options.AddTo(command, plot: false);
        CliRunner.SetAction(command, (parse, ct) =>
        {
            var servingEngine = options.ReadEngine(parse);
            int promptTokens = parse.GetValue(prompt);
            if (promptTokens < 0)
            {
                throw new ArgumentException($"must not be negative (was {promptTokens}).", "--prompt-tokens");
            }

            var candidates = new List<(TaskCandidate Candidate, string Kind, FrontierPoint? Point)>();
            var offers = parse.GetValue(offersFile) is { } path ? OfferCsv.Load(path) : null;
            if (parse.GetValue(answers) is { } answerText)
            {
                if (offers is null)
                {
                    throw new ArgumentException("names offers; pass the file with --offers.", "--answer-tokens");
                }

                foreach (var (name, tokens) in Pairs(answerText, "--answer-tokens"))
                {
                    var offer = offers.FirstOrDefault(o => string.Equals(o.Provider, name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException($"unknown provider '{name}'; the offers file has: {string.Join(", ", offers.Select(o => o.Provider))}.", "--answer-tokens");
                    candidates.Add((Rename(() => TaskCandidate.FromOffer(offer, tokens), "--answer-tokens"), "offer", null));
                }
            }
            else if (offers is not null)
            {
                throw new ArgumentException("give each offer's answer length with --answer-tokens provider=tokens.", "--offers");
            }

            var served = parse.GetValue(serve) is { } serveText ? Pairs(serveText, "--serve") : [];
            if (candidates.Count == 0 && served.Count == 0)
            {
                throw new ArgumentException("nothing to compare: pass --offers with --answer-tokens, or --serve model@hardware=tokens.", "--serve");
            }

            var deployments = served.Select(p =>
            {
                string[] parts = p.Name.Split('@', 2, StringSplitOptions.TrimEntries);
                return parts.Length == 2
                    ? (p.Name, Model: CliOptions.ResolveModel(parts[0]), Hardware: CliOptions.ResolveHardware(parts[1], servingEngine), p.Tokens)
                    : throw new ArgumentException($"'{p.Name}' is not model@hardware (e.g. deepseek-r1@h200).", "--serve");
            }).ToList();
            var hardware = deployments.Select(d => d.Hardware).DistinctBy(h => h.Id).ToList();
            var prices = options.Prices(parse, hardware);
            OffersCommand.Rename(() => { prices.Require(hardware); return 0; }, "--gpu-hour-usd");
            var sla = new ServiceLevel
            {
                MaxTtft = parse.GetValue(maxTtft) is { } t ? (t > 0 ? Duration.FromSeconds(t) : throw new ArgumentException($"must be positive (was {t}).", "--max-ttft-s")) : Duration.FromSeconds(double.MaxValue),
                MinTokSUser = parse.GetValue(minSpeed) is var s && s >= 0 && double.IsFinite(s) ? s : throw new ArgumentException($"must be at least 0 (was {s}).", "--min-tok-s-user"),
            };
            using var csv = OutputFile.Create(parse.GetValue(options.Csv), "--csv");
            if (deployments.Count > 0)
            {
                using var engine = options.OpenEngine(parse);
                foreach (var d in deployments)
                {
                    // The deployment serves exactly this task: the prompt in, the answer out.
                    var grid = options.Grid(parse, [d.Model], [d.Hardware], islDefault: null) with
                    {
                        InputTokens = [Math.Max(1, promptTokens)],
                        OutputTokens = [Math.Max(1, d.Tokens)],
                    };
                    var (point, _) = Economics.CheapestOver(engine, grid, prices, sla, ct);
                    if (point is not { } p)
                    {
                        throw new ArgumentException($"no configuration of {d.Name} meets {sla.MinTokSUser.ToString(CultureInfo.InvariantCulture)} tok/s/user for this task; lower --min-tok-s-user or widen --gpus/--batch.", "--serve");
                    }

                    candidates.Add((TaskCandidate.FromPoint(d.Name, p.Metrics, d.Tokens), "modelled", p));
                }
            }

            var rows = Economics.CompareTasks(candidates.Select(c => c.Candidate), promptTokens);
            var json = rows.Select((r, i) => new JsonObject
            {
                ["name"] = r.Name,
                ["answer_tokens"] = r.AnswerTokens,
                ["ttft_s"] = candidates[i].Candidate.Ttft.Seconds,
                ["latency_s"] = r.Latency.Seconds,
                ["usd"] = r.Cost.Dollars,
                ["kind"] = candidates[i].Kind,
                ["configuration"] = MarketOutput.Configuration(candidates[i].Point),
            }).ToList();
            if (csv is not null)
            {
                MarketOutput.Csv(csv, Columns, json);
                csv.Commit();
            }

            if (parse.GetValue(options.Json))
            {
                CliOutput.WriteJson(parse, new JsonObject { ["prompt_tokens"] = promptTokens, ["rows"] = new JsonArray([.. json]) });
                return 0;
            }

            MarketOutput.Table(parse, $"one task of {promptTokens} prompt tokens (offers: at their price and speed; modelled: at cost, >= {sla.MinTokSUser.ToString(CultureInfo.InvariantCulture)} tok/s/user{(parse.GetValue(options.Load) is { } load ? $", TTFT as P90 at {load.ToString(CultureInfo.InvariantCulture)} load" : "")})", Columns, json);
            return 0;
        });
        return command;
    }

    private static List<(string Name, int Tokens)> Pairs(string text, string option) =>
        AxisValues.ParseWords(text, option).Select(pair =>
        {
            int eq = pair.LastIndexOf('=');
            return eq > 0 && int.TryParse(pair[(eq + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int tokens)
                ? (pair[..eq].Trim(), tokens)
                : throw new ArgumentException($"'{pair}' is not name=tokens (a whole number of answer tokens).", option);
        }).ToList();

    private static T Rename<T>(Func<T> action, string option)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (!(e.ParamName?.StartsWith("--", StringComparison.Ordinal) ?? false))
        {
            throw new ArgumentException(CliRunner.MessageOf(e), option, e);
        }
    }
}
