namespace TokenKernels.Calibration;

/// <summary>Hardware and model ids a measurements file may name.</summary>
internal static class KnownIds
{
    private static readonly HashSet<string> Hardware =
        ["h100-sxm", "h200", "h800", "h20", "b200", "b300", "gb200", "gb300", "mi300x", "mi325x", "mi355x"];

    private static readonly HashSet<string> Models =
        ["deepseek-v3", "deepseek-r1", "kimi-k2", "llama-3.1-8b", "llama-3.3-70b", "llama-3.1-405b", "gpt-oss-120b", "qwen3-235b-a22b"];

    public static bool IsHardware(string id) => Hardware.Contains(id);

    public static bool IsModel(string id) => Models.Contains(id);
}
