using System.Collections.Concurrent;
using FsCheck.Xunit;
using TokenKernels.Kernels;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TokenKernels.Tests.Support;

/// <summary>Marks a test class that needs a device of a kind: its tests are skipped, with the reason shown, where none is present.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresDeviceAttribute(SweepBackend kind) : Attribute
{
    public SweepBackend Kind { get; } = kind;
}

/// <summary>
/// An FsCheck property that is skipped with a visible reason when its concrete test class is marked
/// <see cref="RequiresDeviceAttribute"/> and this machine has no such device; elsewhere an ordinary property. Written once on
/// abstract test classes, so the same tests run for scalar, cpu, ilgpu-cpu, cuda and opencl.
/// </summary>
[XunitTestCaseDiscoverer("TokenKernels.Tests.Support.DevicePropertyDiscoverer", "TokenKernels.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DevicePropertyAttribute : PropertyAttribute;

/// <summary>The <see cref="Xunit.FactAttribute"/> counterpart of <see cref="DevicePropertyAttribute"/>.</summary>
[XunitTestCaseDiscoverer("TokenKernels.Tests.Support.DeviceFactDiscoverer", "TokenKernels.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DeviceFactAttribute : Xunit.FactAttribute;

/// <summary>Skips a device test case where the device is missing, else hands over to FsCheck's discoverer.</summary>
public sealed class DevicePropertyDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        DeviceSkip.For(sink, discoveryOptions, testMethod) ?? ((IXunitTestCaseDiscoverer)new PropertyDiscoverer(sink)).Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Skips a device fact where the device is missing, else xunit's own fact discoverer.</summary>
public sealed class DeviceFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        DeviceSkip.For(sink, discoveryOptions, testMethod) ?? new FactDiscoverer(sink).Discover(discoveryOptions, testMethod, factAttribute);
}

internal static class DeviceSkip
{
    private static readonly ConcurrentDictionary<SweepBackend, string?> Found = new();

    /// <summary>A skipped test case naming the missing device, or null when the class needs none or the device is here.</summary>
    public static IXunitTestCase[]? For(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod)
    {
        var required = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresDeviceAttribute)).FirstOrDefault();
        if (required is null)
        {
            return null;
        }

        var kind = required.GetConstructorArguments().OfType<SweepBackend>().Single();
        if (Found.GetOrAdd(kind, DeviceBackend.FindDevice) is not null)
        {
            return null;
        }

        string reason = $"no {DeviceBackend.KindName(kind)} device on this machine (ILGPU found none with fp64); these tests run unchanged where one exists";
        return [new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}
