using System.Collections;
using System.Reflection;

namespace GalaxyActors.Messages.Tests;

/// <summary>
/// Compares two messages property by property: arrays element by element, nested records recursively. Records'
/// own Equals compares arrays by reference, so it cannot judge a round trip.
/// </summary>
public static class StructuralEquality
{
    public static void AssertEqual(object? expected, object? actual, string path = "message")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        Assert.True(expected.GetType() == actual.GetType(), $"{path}: expected type {expected.GetType().Name}, got {actual.GetType().Name}");
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string || expected is decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }
        if (expected is Array ea)
        {
            var aa = (Array)actual;
            Assert.True(ea.Length == aa.Length, $"{path}: expected length {ea.Length}, got {aa.Length}");
            int i = 0;
            IEnumerator e = ea.GetEnumerator(), a = aa.GetEnumerator();
            while (e.MoveNext() && a.MoveNext())
            {
                // Bit-level equality for floating point: NaN must come back as NaN, -0 as -0.
                if (e.Current is float ef) Assert.True(BitConverter.SingleToInt32Bits(ef) == BitConverter.SingleToInt32Bits((float)a.Current!), $"{path}[{i}]: expected {ef}, got {a.Current}");
                else if (e.Current is double ed) Assert.True(BitConverter.DoubleToInt64Bits(ed) == BitConverter.DoubleToInt64Bits((double)a.Current!), $"{path}[{i}]: expected {ed}, got {a.Current}");
                else AssertEqual(e.Current, a.Current, $"{path}[{i}]");
                i++;
            }
            return;
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.Name == "EqualityContract") continue;
            AssertEqual(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
        }
    }
}
