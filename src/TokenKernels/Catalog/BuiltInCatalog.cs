using TokenKernels.Catalog;

namespace TokenKernels;

/// <summary>
/// The hardware and models that ship with TokenKernels, each with the source of its figures. Ids are the CLI's
/// <c>--hardware</c> and <c>--model</c> values.
/// </summary>
public static class BuiltInCatalog
{
    /// <summary>Built-in accelerators: h100-sxm h200 h800 h20 b200 b300 gb200 gb300 mi300x mi325x mi355x.</summary>
    public static IReadOnlyList<HardwareSpec> Hardware => HardwareCatalog.All;

    /// <summary>Built-in models: deepseek-v3 deepseek-r1 kimi-k2 llama-3.1-8b llama-3.3-70b llama-3.1-405b gpt-oss-120b qwen3-235b-a22b.</summary>
    public static IReadOnlyList<ModelSpec> Models => ModelCatalog.All;

    /// <summary>The accelerator with this id (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No built-in hardware has this id; the message lists the valid ids.</exception>
    public static HardwareSpec GetHardware(string id) => Find(Hardware, h => h.Id, id, nameof(id), "hardware");

    /// <summary>The model with this id (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No built-in model has this id; the message lists the valid ids.</exception>
    public static ModelSpec GetModel(string id) => Find(Models, m => m.Id, id, nameof(id), "model");

    private static T Find<T>(IReadOnlyList<T> items, Func<T, string> idOf, string id, string parameterName, string kind)
    {
        ArgumentNullException.ThrowIfNull(id, parameterName);
        foreach (var item in items)
        {
            if (string.Equals(idOf(item), id.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
        }

        throw new ArgumentException(
            $"Unknown {kind} '{id}'; expected one of: {string.Join(", ", items.Select(idOf))}.", parameterName);
    }
}
