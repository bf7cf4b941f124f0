using System.Text.Json.Nodes;

namespace TokenKernels.Cli.Output;

/// <summary>One named output field: the same snake_case name is a JSON field and a CSV column.</summary>
/// <param name="Name">snake_case name with the unit in it (<c>tpot_s</c>, <c>weights_gib_per_gpu</c>).</param>
/// <param name="Value">The value for a configuration and its result; null where it does not apply.</param>
public sealed record PointColumn(string Name, Func<EvaluationInput, ServingPoint, JsonNode?> Value);
