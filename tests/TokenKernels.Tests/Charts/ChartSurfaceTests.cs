using System.Reflection;
using Xunit;

namespace TokenKernels.Tests.Charting;

/// <summary>The charts package's public surface: namespace TokenKernels, and no ScottPlot or SkiaSharp type in a signature, so the drawing library can change without breaking users.</summary>
public class ChartSurfaceTests
{
    private static readonly Assembly Charts = typeof(TokenCharts).Assembly;

    [Fact]
    public void EveryPublicType_IsInTheTokenKernelsNamespace()
    {
        Assert.NotEmpty(Charts.GetExportedTypes());
        Assert.All(Charts.GetExportedTypes(), t => Assert.Equal("TokenKernels", t.Namespace));
    }

    [Fact]
    public void NoPublicSignature_MentionsTheDrawingLibrary()
    {
        var offenders = Charts.GetExportedTypes().SelectMany(DrawingMentions).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheCheck_CatchesADrawingTypeInASignature()
    {
        // Guards the guard: a public method returning ScottPlot's Plot must be reported.
        Assert.Contains(DrawingMentions(typeof(LeakyFixture)), m => m.Contains(nameof(LeakyFixture.Draw), StringComparison.Ordinal));
    }

    public static class LeakyFixture
    {
        public static IReadOnlyList<ScottPlot.Plot> Draw() => [];
    }

    private static IEnumerable<string> DrawingMentions(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(Visible))
        {
            var types = member switch
            {
                MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
                ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
                PropertyInfo p => [p.PropertyType],
                FieldInfo f => [f.FieldType],
                _ => [],
            };
            foreach (var t in types.SelectMany(Flatten))
            {
                if ((t.Namespace ?? "").StartsWith("ScottPlot", StringComparison.Ordinal) || (t.Namespace ?? "").StartsWith("SkiaSharp", StringComparison.Ordinal))
                {
                    yield return $"{type.Name}.{member.Name}: {t.FullName}";
                }
            }
        }
    }

    private static IEnumerable<Type> Flatten(Type t) =>
        t.HasElementType ? Flatten(t.GetElementType()!)
        : t.IsGenericType ? t.GetGenericArguments().SelectMany(Flatten).Prepend(t)
        : [t];
}
