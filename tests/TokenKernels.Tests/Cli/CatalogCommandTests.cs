using TokenKernels;
using Xunit;

namespace TokenKernels.Tests.Cli;

public class CatalogCommandTests
{
    [Fact]
    public void Json_ListsEveryEntry_WithItsSource()
    {
        var json = CliHarness.Json("catalog");
        var hardware = json["hardware"]!.AsArray();
        var models = json["models"]!.AsArray();
        Assert.Equal(BuiltInCatalog.Hardware.Select(h => h.Id), hardware.Select(h => h!["id"]!.GetValue<string>()));
        Assert.Equal(BuiltInCatalog.Models.Select(m => m.Id), models.Select(m => m!["id"]!.GetValue<string>()));
        Assert.All(hardware, h => Assert.False(string.IsNullOrWhiteSpace(h!["source"]!.GetValue<string>())));
        Assert.All(models, m => Assert.False(string.IsNullOrWhiteSpace(m!["source"]!.GetValue<string>())));

        // Each entry is a valid spec file: a user can copy one and edit it.
        Assert.Equal(BuiltInCatalog.GetHardware("gb200"), HardwareJson.Read(hardware[6]!.ToJsonString()) with { });
        var v3 = models[0]!.AsObject();
        Assert.Equal(70_272, v3["kv_bytes_per_token_bf16"]!.GetValue<double>());
    }

    [Fact]
    public void Table_ShowsIdsAndSources()
    {
        var (code, output, error) = CliHarness.Run("catalog");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("mi355x", output, StringComparison.Ordinal);
        Assert.Contains("qwen3-235b-a22b", output, StringComparison.Ordinal);
        Assert.Contains("Sources", output, StringComparison.Ordinal);
        Assert.Contains("InferenceX", output, StringComparison.Ordinal);
    }
}
