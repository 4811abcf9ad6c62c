using PureHDF;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// The numeric element types we can read, decided from a dataset's HDF5 datatype. PureHDF reads raw
/// elements into a buffer of the matching .NET type without converting, so every read first has to
/// know which one that is.
/// </summary>
internal enum Hdf5ElementType
{
    Unsupported,
    UInt8,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
    UInt64,
    Int64,
    Float32,
    Float64,
}

internal static class Hdf5ElementTypes
{
    public static Hdf5ElementType Of(IH5DataType type)
    {
        switch (type.Class)
        {
            case H5DataTypeClass.FixedPoint:
                var signed = type.FixedPoint.IsSigned;
                return type.Size switch
                {
                    1 => signed ? Hdf5ElementType.Int8 : Hdf5ElementType.UInt8,
                    2 => signed ? Hdf5ElementType.Int16 : Hdf5ElementType.UInt16,
                    4 => signed ? Hdf5ElementType.Int32 : Hdf5ElementType.UInt32,
                    8 => signed ? Hdf5ElementType.Int64 : Hdf5ElementType.UInt64,
                    _ => Hdf5ElementType.Unsupported,
                };
            case H5DataTypeClass.FloatingPoint:
                return type.Size switch
                {
                    4 => Hdf5ElementType.Float32,
                    8 => Hdf5ElementType.Float64,
                    _ => Hdf5ElementType.Unsupported,
                };
            default:
                return Hdf5ElementType.Unsupported;
        }
    }

    public static bool IsInteger(this Hdf5ElementType type) =>
        type is >= Hdf5ElementType.UInt8 and <= Hdf5ElementType.Int64;

    public static bool IsFloatingPoint(this Hdf5ElementType type) =>
        type is Hdf5ElementType.Float32 or Hdf5ElementType.Float64;

    /// <summary>A name a user recognises (NumPy's spelling), for error messages.</summary>
    public static string Describe(IH5DataType type)
    {
        var element = Of(type);
        if (element != Hdf5ElementType.Unsupported)
            return element.ToString().ToLowerInvariant();
        return $"{type.Class} of {type.Size} bytes";
    }
}
