using System.CommandLine;
using TokenKernels.Cli;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>One vocabulary: an option shared by several commands has the same meaning, units, default and required mark in each.</summary>
public class OptionVocabularyTests
{
    // Sweep commands say how an option becomes an axis; the meaning before that suffix must match evaluate's.
    private static readonly string[] AxisSuffixes = [OptionHelp.Axis, "; a list a,b,c"];

    // Options whose content is the command's own: sweep --csv writes every point, frontier --csv the frontier's;
    // validate --cross-validate reports held-out errors, calibrate --cross-validate records them in the profile.
    // Options whose meaning is the command's own: what --plot draws and --stats prints; the SLA options (a steady-state
    // bound in cheapest and fleet, a percentile in simulate); --context (a cap on a length mix, but in cheapest without
    // --lengths every sequence must hold it); --backend (sweeps default to auto, simulate to cpu); the market
    // commands' --gpu-hour-usd also takes per-hardware prices; --rate (simulate: arrival rates to simulate; cheapest and
    // frontier: the one rate TTFT at load is for).
    private static readonly string[] CommandSpecific =
        ["--csv", "--cross-validate", "--plot", "--stats", "--max-ttft-s", "--min-tok-s-user", "--context", "--rate", "--tok-s-user", "--backend", "--gpu-hour-usd"];

    [Fact]
    public void SharedOptions_ReadTheSameInEveryCommand()
    {
        var byName = Program.BuildRootCommand().Subcommands
            .SelectMany(c => c.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help").Select(o => (Command: c.Name, Option: o)))
            .GroupBy(x => x.Option.Name)
            .Where(g => g.Count() > 1 && !CommandSpecific.Contains(g.Key))
            .ToList();
        Assert.Contains(byName, g => g.Key == "--gpus");

        var differing = new List<string>();
        foreach (var group in byName)
        {
            var meanings = group.Select(x => (x.Command, Meaning: Meaning(x.Option.Description))).ToList();
            if (meanings.Select(m => m.Meaning).Distinct().Count() != 1)
            {
                differing.Add($"{group.Key} reads differently: " + string.Join(" | ", meanings.Select(m => $"{m.Command}: {m.Meaning}")));
            }

            // A default written in the text ("default: x") and one from a default value ([default: x]) are not both used.
            foreach (var (command, option) in group)
            {
                Assert.False(
                    option.HasDefaultValue && (option.Description ?? "").Contains("default", StringComparison.OrdinalIgnoreCase),
                    $"{command} {option.Name} states its default twice");
            }
        }

        Assert.True(differing.Count == 0, string.Join("\n", differing));
    }

    [Fact]
    public void Help_ListsEveryAcceptedValue()
    {
        var (_, sweep, _) = CliHarness.Run("sweep", "--help");
        foreach (string value in new[] { "ilgpu-cpu", "nvfp4", "mxfp4", "scalar" })
        {
            Assert.Contains(value, sweep, StringComparison.Ordinal);
        }

        var (_, evaluate, _) = CliHarness.Run("evaluate", "--help");
        Assert.Contains("nvfp4", evaluate, StringComparison.Ordinal);
        Assert.Contains("required unless --disaggregated", evaluate, StringComparison.Ordinal);
    }

    [Fact]
    public void Cheapest_WithoutMaxTtft_MeansNoTtftLimit()
    {
        var json = CliHarness.Json("cheapest", "--model", "llama-3.1-8b", "--hardware", "h200", "--gpus", "1", "--batch", "1..8", "--isl", "100", "--osl", "100", "--min-tok-s-user", "1", "--backend", "cpu");
        Assert.True(json["found"]!.GetValue<bool>());
        Assert.Null(json["sla"]!["max_ttft_s"]);
    }

    private static string Meaning(string? description)
    {
        string text = description ?? "";
        foreach (string suffix in AxisSuffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return text[..^suffix.Length];
            }
        }

        return text;
    }
}
