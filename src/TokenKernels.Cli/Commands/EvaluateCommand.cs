using System.CommandLine;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary><c>evaluate</c>: one configuration's speed, memory plan and cost.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate one serving configuration: TTFT, TPOT, tok/s, memory plan, $/Mtok");
        var options = new ConfigurationOptions();
        options.AddTo(command);
        var json = CliOptions.Json();
        var layout = new Option<string>("--layout")
        {
            Description = "given (default): the layout as passed; best: pick tp, ep, dp, pp and the prefill/decode split of --gpus " +
                "with the most total tok/s per GPU (lowest $/Mtok) at --batch per decode instance and a finite TTFT " +
                "(--disaggregated: disaggregated splits only)",
            DefaultValueFactory = _ => "given",
        };
        command.Options.Add(json);
        command.Options.Add(layout);
        command.SetAction(parse =>
        {
            bool search = (parse.GetValue(layout) ?? "given").Trim().ToLowerInvariant() switch
            {
                "given" => false,
                "best" => true,
                var other => throw new ArgumentException($"'{other}' is not a layout choice; expected given or best.", "--layout"),
            };
            var input = options.Read(parse, search);
            LayoutChoice? choice = null;
            if (search)
            {
                choice = Layouts.Best(
                    input.Hardware, input.Model, input.Deployment.Gpus, input.Deployment, input.Workload, input.Profile, input.Prices,
                    input.Deployment.Disaggregated ? true : null);
                if (choice is null)
                {
                    throw new ArgumentException(
                        $"no layout of {input.Deployment.Gpus} GPUs can run this model at this batch with a finite TTFT (memory, heads or a saturated queue).", "--layout");
                }

                input = input with { Deployment = choice.Deployment };
            }

            var point = choice?.Point ?? input.Evaluate();
            LayoutChecks.ThrowIfLayoutMistake(input, point);
            if (parse.GetValue(json))
            {
                var o = PointColumns.ToJson(input, point);
                if (choice is not null)
                {
                    o["layout"] = "best";
                    o["layouts_searched"] = choice.LayoutsSearched;
                }

                CliOutput.WriteJson(parse, o);
            }
            else
            {
                var console = CliOutput.Console(parse);
                if (choice is not null)
                {
                    var d = choice.Deployment;
                    string pools = d.Disaggregated
                        ? $"disaggregated: {d.PrefillGpus} prefill + {d.DecodeGpus} decode GPUs{(d.DecodeInstances > 1 ? $" as {d.DecodeInstances} decode instances" : "")}"
                        : "colocated";
                    console.MarkupLine(CliOutput.Text(
                        $"Best layout of {d.Gpus} GPUs ({choice.LayoutsSearched:N0} layouts searched): tp {d.Tp}, ep {d.Ep}, dp {d.Dp}, pp {d.Pp}, {pools}"));
                }

                Render(console, input, point);
            }

            return 0;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, EvaluationInput c, ServingPoint p)
    {
        var d = c.Deployment;
        var w = c.Workload;
        string layout = d.Disaggregated
            ? $"{d.PrefillGpus} prefill + {d.DecodeGpus} decode GPUs"
            : $"{d.Gpus} GPU{(d.Gpus == 1 ? "" : "s")}";
        string mtp = d.MtpDraftTokens > 0 ? $", MTP {d.MtpDraftTokens} draft / {CliOutput.Number(d.MtpAcceptanceLength, 3)} accepted" : "";
        // The engine settings assumed: CUDA graphs always named; ADP balance where attention DP makes it matter or it was asked for.
        string engine = (d.CudaGraphs ? ", decode in CUDA graphs" : ", eager decode (no CUDA graphs)")
            + (d.AttentionDpBalance ? ", ADP balance on" : d.Dp > 1 ? ", ADP balance off" : "");
        console.MarkupLine(CliOutput.Text(
            $"{c.Model.Id} on {c.Hardware.Id} ({HardwareJson.StackName(c.Hardware.SoftwareStack)}), {layout}{(d.Disaggregated && d.DecodeInstances > 1 ? $" as {d.DecodeInstances} decode instances" : "")} (tp {c.ResolvedTp}, ep {d.Ep}, dp {d.Dp}, pp {d.Pp}), " +
            $"weights {d.Weights.ToId()}, KV {d.KvCache.ToId()}, batch {d.Batch}, {w.InputTokens} in / {w.OutputTokens} out{mtp}{engine}"));

        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned()).AddColumn("json field");
        void Row(string label, string value, string field) => table.AddRow(CliOutput.Text(label), CliOutput.Text(value), CliOutput.Text(field));

        if (p.Feasible)
        {
            Row("TTFT", p.Saturated != SaturatedPool.None ? $"saturated: the {Pool(p.Saturated)} queue grows without bound at this rate" : CliOutput.Seconds(p.Ttft.Seconds), "ttft_s, saturated");
            if (p.TtftP50AtLoad is { } p50 && p.TtftP90AtLoad is { } p90)
            {
                Row($"TTFT at {CliOutput.Number(w.Load * 100, 3)} % load, P50 / P90", $"{CliOutput.Seconds(p50.Seconds)} / {CliOutput.Seconds(p90.Seconds)}", "ttft_s_p50_at_load, ttft_s_p90_at_load");
            }

            Row("TPOT", CliOutput.Seconds(p.Tpot.Seconds), "tpot_s");
            Row("tok/s per user", CliOutput.Number(p.TokSUser), "tok_s_user");
            Row("output tok/s per GPU", CliOutput.Number(p.OutputTokSGpu), "output_tok_s_gpu");
            Row("input tok/s per GPU", CliOutput.Number(p.InputTokSGpu), "input_tok_s_gpu");
            Row("total tok/s per GPU", CliOutput.Number(p.TotalTokSGpu), "total_tok_s_gpu");
            string price = c.GpuHourPrice is { } gpuHour ? $" (at ${CliOutput.Number(gpuHour.Dollars)}/GPU-hour)" : " (no GPU-hour price: pass --gpu-hour-usd)";
            Row("$ per M output tokens" + price, Usd(p.UsdPerMtokOutput), "usd_per_mtok_output");
            Row("$ per M input tokens", Usd(p.UsdPerMtokInput), "usd_per_mtok_input");
            Row("$ per M total tokens (InferenceX)", Usd(p.UsdPerMtokTotal), "usd_per_mtok_total");
            Row("decode step", CliOutput.Seconds(p.DecodeStep.Seconds), "decode_step_s");
            Row("  compute / memory", $"{CliOutput.Seconds(p.DecodeCompute.Seconds)} / {CliOutput.Seconds(p.DecodeMemory.Seconds)}", "decode_compute_s, decode_memory_s");
            Row("  network / overhead", $"{CliOutput.Seconds(p.DecodeNetwork.Seconds)} / {CliOutput.Seconds(p.DecodeOverhead.Seconds)}", "decode_network_s, decode_overhead_s");
            Row("  bound by", p.DecodeBound.ToString().ToLowerInvariant(), "decode_bound");
            Row("prefill share of GPU time", CliOutput.Number(p.PrefillShare * 100, 3) + " %", "prefill_share");
        }
        else
        {
            Row("feasible", "no", "feasible");
            Row("reason", p.Reason.Describe(), "reason");
        }

        Row("weights per GPU", CliOutput.Number(p.WeightsPerGpu.Gibibytes) + " GiB", "weights_gib_per_gpu");
        Row("KV cache per GPU (this batch)", CliOutput.Number(p.KvCachePerGpu.Gibibytes) + " GiB", "kv_gib_per_gpu");
        Row("KV capacity per GPU", CliOutput.Number(p.KvCapacityPerGpu.Gibibytes) + " GiB", "kv_capacity_gib_per_gpu");
        Row("max batch at this context", p.MaxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture), "max_batch");
        Row("max context at this batch", p.MaxContext.ToString(System.Globalization.CultureInfo.InvariantCulture), "max_context");
        console.Write(table);
        if (!p.Feasible)
        {
            console.MarkupLine(CliOutput.Text($"infeasible: {p.Reason.Describe()} ({p.Reason.ToCode()})"));
        }
    }

    private static string Pool(SaturatedPool pool) => pool switch
    {
        SaturatedPool.Prefill => "prefill pool",
        SaturatedPool.Decode => "decode pool",
        _ => "instance",
    };

    private static string Usd(Usd? usd) => usd is { } u ? "$" + CliOutput.Number(u.Dollars, 3) : "n/a";
}
