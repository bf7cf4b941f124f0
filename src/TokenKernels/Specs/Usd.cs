using System.Globalization;

namespace TokenKernels;

/// <summary>An amount of money in US dollars.</summary>
public readonly record struct Usd(double Dollars) : IComparable<Usd>
{
    /// <summary>Sum.</summary>
    public static Usd operator +(Usd a, Usd b) => new(a.Dollars + b.Dollars);

    /// <summary>Scaled by a factor.</summary>
    public static Usd operator *(Usd a, double factor) => new(a.Dollars * factor);

    /// <inheritdoc />
    public int CompareTo(Usd other) => Dollars.CompareTo(other.Dollars);

    /// <summary>Less than.</summary>
    public static bool operator <(Usd a, Usd b) => a.Dollars < b.Dollars;

    /// <summary>Greater than.</summary>
    public static bool operator >(Usd a, Usd b) => a.Dollars > b.Dollars;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Usd a, Usd b) => a.Dollars <= b.Dollars;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Usd a, Usd b) => a.Dollars >= b.Dollars;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"${Dollars:0.####}");
}
