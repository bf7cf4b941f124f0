using System.Text.Json.Nodes;
using TokenKernels;
using TokenKernels.Calibration;
using TokenKernels.Catalog;
using Xunit;

namespace TokenKernels.Tests.Calibration;

public class ShippedProfileTests
{
    [Fact]
    public void DefaultProfile_IsTheEmbeddedCalibration_WithItsProvenance()
    {
        using var stream = typeof(EfficiencyProfile).Assembly.GetManifestResourceStream(ShippedProfile.ResourceName);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var json = JsonNode.Parse(reader.ReadToEnd())!.AsObject();

        // Fitted on the public measurements only, with in-sample and held-out residuals recorded beside the values.
        var detail = json["provenance_detail"]!.AsObject();
        Assert.Equal("measurements-public.csv", detail["data"]!.GetValue<string>());
        Assert.NotEmpty(detail["in_sample"]!.AsArray());
        Assert.NotEmpty(detail["leave_one_source_out"]!.AsArray());

        // Held out three ways: by source, by serving engine and by hardware vendor, with per engine / family / vendor groups.
        Assert.NotEmpty(detail["leave_one_engine_out"]!.AsArray());
        Assert.NotEmpty(detail["leave_one_vendor_out"]!.AsArray());
        Assert.Contains(detail["leave_one_source_out_by_stack"]!.AsArray(), g => g!["group"]!.GetValue<string>() == "tensorrt-llm / deepseek / NVIDIA");

        // Everything the README's Fidelity tables show (scripts/fidelity-tables.py writes them from here): per source, per
        // benchmark kind held out three ways, and each group's per-user rate beside its throughput.
        Assert.Contains(detail["leave_one_source_out_by_source"]!.AsArray(), g => g!["group"]!.GetValue<string>().StartsWith("dstackai/", StringComparison.Ordinal));
        foreach (string protocol in new[] { "source", "engine", "vendor" })
        {
            Assert.Contains(detail[$"leave_one_{protocol}_out_by_kind"]!.AsArray(), g => g!["group"]!.GetValue<string>() == RowGroups.PerfOverviewKind);
        }

        Assert.Contains(detail["leave_one_source_out_by_kind"]!.AsArray(), g => g!["per_user"]?["metric"]?.GetValue<string>() == ValidationReport.InteractivityMetric);
        Assert.Contains(detail["leave_one_source_out_by_stack"]!.AsArray(), g => g!["per_user"]?["metric"]?.GetValue<string>() == "tok_s_user");
        // The rows beyond 2x held out by source, by id (the README lists them with their reasons): as many as the summary's
        // share beyond 2x says, each more than 2x off, the most too fast first.
        var heldOut = detail["leave_one_source_out"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == ValidationReport.ThroughputMetric)!;
        var beyond = detail["leave_one_source_out_beyond_2x"]!.AsArray().Select(r => r!["ratio"]!.GetValue<double>()).ToList();
        Assert.Equal(Math.Round(heldOut["share_off_by_more_than_2x"]!.GetValue<double>() * heldOut["rows"]!.GetValue<int>()), beyond.Count);
        Assert.All(beyond, r => Assert.True(r >= 2.0 || r <= 0.5, $"ratio {r} is within 2x"));
        Assert.Equal(beyond.OrderByDescending(r => r), beyond);
        Assert.Contains("measurements-public.csv", EfficiencyProfile.Default.Provenance, StringComparison.Ordinal);
        Assert.NotEqual(EfficiencyProfile.Priors.DecodeMemoryEfficiency, EfficiencyProfile.Default.DecodeMemoryEfficiency);
    }
}
