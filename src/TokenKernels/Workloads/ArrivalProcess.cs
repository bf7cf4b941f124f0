using System.Globalization;

namespace TokenKernels;

/// <summary>When requests arrive: Poisson or gamma (bursty) at a rate, a closed loop at a concurrency, or a trace's times.</summary>
public sealed record ArrivalProcess
{
    private ArrivalProcess(ArrivalKind kind) => Kind = kind;

    /// <summary>Which process.</summary>
    public ArrivalKind Kind { get; }

    /// <summary>Mean arrivals per second (open loop); 0 for a closed loop or a trace.</summary>
    public double RatePerSecond { get; private init; }

    /// <summary>Standard deviation / mean of the inter-arrival time: 1 for Poisson, above 1 for bursts.</summary>
    public double CoefficientOfVariation { get; private init; } = 1;

    /// <summary>Requests kept in the system (closed loop); 0 otherwise.</summary>
    public int Concurrency { get; private init; }

    /// <summary>The trace replayed (trace kind).</summary>
    public RequestTrace? Trace { get; private init; }

    /// <summary>Poisson arrivals: exponential gaps of mean 1 / rate.</summary>
    /// <exception cref="ArgumentException">Rate not positive and finite (ParamName "rate").</exception>
    public static ArrivalProcess Poisson(double rate) => new(ArrivalKind.Poisson) { RatePerSecond = PositiveRate(rate) };

    /// <summary>Gamma gaps of mean 1 / rate and the given coefficient of variation (shape 1 / cv^2; cv 1 is Poisson).</summary>
    /// <exception cref="ArgumentException">Rate or cv not positive and finite (ParamName "rate" or "coefficientOfVariation").</exception>
    public static ArrivalProcess Gamma(double rate, double coefficientOfVariation) =>
        !(coefficientOfVariation >= 0.05 && coefficientOfVariation <= 20)
            ? throw new ArgumentException($"The coefficient of variation must be between 0.05 and 20 (was {coefficientOfVariation.ToString(CultureInfo.InvariantCulture)}).", nameof(coefficientOfVariation))
            : new(ArrivalKind.Gamma) { RatePerSecond = PositiveRate(rate), CoefficientOfVariation = coefficientOfVariation };

    /// <summary>A closed loop: <paramref name="concurrency"/> requests start at time 0 and each finished one is replaced at once.</summary>
    /// <exception cref="ArgumentException">Concurrency below 1 (ParamName "concurrency").</exception>
    public static ArrivalProcess ClosedLoop(int concurrency) => concurrency < 1
        ? throw new ArgumentException($"Concurrency must be at least 1 (was {concurrency}).", nameof(concurrency))
        : new(ArrivalKind.ClosedLoop) { Concurrency = concurrency };

    /// <summary>Replays the arrival times of <paramref name="trace"/>.</summary>
    public static ArrivalProcess Replay(RequestTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new(ArrivalKind.Trace) { Trace = trace, RatePerSecond = trace.DurationSeconds > 0 ? (trace.Requests.Count - 1) / trace.DurationSeconds : 0 };
    }

    /// <summary>A short description with its load: "poisson 2.5 req/s", "closed loop 64", "trace (1000 requests)".</summary>
    public override string ToString() => Kind switch
    {
        ArrivalKind.Poisson => string.Create(CultureInfo.InvariantCulture, $"poisson {RatePerSecond:G4} req/s"),
        ArrivalKind.Gamma => string.Create(CultureInfo.InvariantCulture, $"gamma {RatePerSecond:G4} req/s cv {CoefficientOfVariation:G3}"),
        ArrivalKind.ClosedLoop => string.Create(CultureInfo.InvariantCulture, $"closed loop {Concurrency}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"trace ({Trace!.Requests.Count} requests)"),
    };

    private static double PositiveRate(double rate) => rate > 0 && double.IsFinite(rate)
        ? rate
        : throw new ArgumentException($"The arrival rate must be a positive number of requests per second (was {rate.ToString(CultureInfo.InvariantCulture)}).", nameof(rate));
}
