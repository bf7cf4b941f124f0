using System.Reflection;
using TokenKernels;
using Xunit;

namespace TokenKernels.Tests.Architecture;

/// <summary>House rules about the package's public surface, checked by reflection so review does not have to.</summary>
public class PublicSurfaceTests
{
    private static readonly Assembly Library = typeof(TokenCost).Assembly;

    // TokenKernels is the one public namespace. TokenKernels.Calibration (ProfileJson, and the fit/validate tools to come)
    // is allowed because calibrating is a separate job from evaluating: users of TokenCost never need it, and keeping it
    // out of the root keeps IntelliSense on the root short. Any other namespace is a mistake.
    private static readonly string[] AllowedNamespaces = ["TokenKernels", "TokenKernels.Calibration"];

    [Fact]
    public void EveryPublicType_IsInAnAllowedNamespace()
    {
        var offenders = Library.GetExportedTypes().Where(t => !AllowedNamespaces.Contains(t.Namespace)).Select(t => t.FullName).ToList();
        Assert.Empty(offenders);
    }

    /// <summary>The CLI is a user of the library like any other: it sees the public API only (tests and benchmarks may see more).</summary>
    [Fact]
    public void TheCli_SeesOnlyThePublicApi()
    {
        var friends = Library.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();
        Assert.Contains("TokenKernels.Tests", friends); // the attributes are read: this test sees them
        Assert.DoesNotContain(friends, f => f.StartsWith("TokenKernels.Cli", StringComparison.OrdinalIgnoreCase) || f.StartsWith("tokenkernels", StringComparison.Ordinal));
    }

    [Fact]
    public void NoPublicSignature_MentionsAnIlgpuType()
    {
        var offenders = Library.GetExportedTypes().SelectMany(IlgpuMentions).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheCheck_CatchesAnIlgpuTypeInASignature()
    {
        // Guards the guard: a public member taking ILGPU's Index1D must be reported.
        var found = IlgpuMentions(typeof(LeakyFixture)).ToList();
        Assert.Contains(found, f => f.Contains(nameof(LeakyFixture.Launch), StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains(nameof(LeakyFixture.Views), StringComparison.Ordinal));
        Assert.Empty(IlgpuMentions(typeof(TokenCost)));
    }

    public static class LeakyFixture
    {
        public static IReadOnlyList<ILGPU.Index1D> Views { get; } = [];

        public static void Launch(ILGPU.Index1D index) => GC.KeepAlive(index);
    }

    private static IEnumerable<string> IlgpuMentions(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var checks = new List<(string Where, Type Type)>();
        if (type.BaseType is { } b)
        {
            checks.Add(("base type", b));
        }

        checks.AddRange(type.GetInterfaces().Select(i => ("interface", i)));
        foreach (var member in type.GetMembers(Visible | BindingFlags.NonPublic))
        {
            switch (member)
            {
                case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                    checks.Add((f.Name, f.FieldType));
                    break;
                case PropertyInfo p when p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly):
                    checks.Add((p.Name, p.PropertyType));
                    checks.AddRange(p.GetIndexParameters().Select(x => (p.Name, x.ParameterType)));
                    break;
                case MethodBase m when m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly:
                    if (m is MethodInfo mi)
                    {
                        checks.Add((m.Name, mi.ReturnType));
                    }

                    checks.AddRange(m.GetParameters().Select(x => (m.Name, x.ParameterType)));
                    break;
                case EventInfo e when e.AddMethod is { IsPublic: true }:
                    checks.Add((e.Name, e.EventHandlerType!));
                    break;
            }
        }

        return checks.Where(c => MentionsIlgpu(c.Type)).Select(c => $"{type.FullName}.{c.Where}: {c.Type}");
    }

    private static bool MentionsIlgpu(Type t)
    {
        if (t.HasElementType)
        {
            return MentionsIlgpu(t.GetElementType()!);
        }

        if (t.IsGenericType && t.GetGenericArguments().Any(MentionsIlgpu))
        {
            return true;
        }

        return (t.Namespace ?? "").StartsWith("ILGPU", StringComparison.Ordinal)
            || (t.Assembly.GetName().Name ?? "").StartsWith("ILGPU", StringComparison.Ordinal);
    }
}
