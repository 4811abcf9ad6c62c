using System.Buffers.Binary;
using PureHDF;
using PureHDF.VOL.Native;

namespace GalaxyActors.Core.Hdf5;

/// <summary>
/// Opens HDF5 files and resolves datasets with messages a user can act on. PureHDF throws bare
/// <see cref="Exception"/>s ("The file is too small") and, for a truncated file, often opens it fine
/// and fails only when a read reaches the missing part — so we check the superblock's end-of-file
/// address against the real length first, and turn every failure into one
/// <see cref="InvalidInputException"/> naming the file (and dataset).
/// </summary>
internal static class Hdf5FileOpener
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    public static Hdf5ReadHandle OpenRead(string path, string what)
    {
        if (!File.Exists(path))
            throw new InvalidInputException(Directory.Exists(path)
                ? $"{what} '{path}' is a directory, not an HDF5 file."
                : $"{what} '{path}' does not exist.");

        CheckSuperblock(path, what);
        try
        {
            return Hdf5ReadHandle.Open(path);
        }
        catch (Exception ex) when (ex is not InvalidInputException)
        {
            throw new InvalidInputException($"{what} '{path}' could not be opened as HDF5 (corrupt or truncated?): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Finds the superblock (at 0, 512, 1024, 2048, … when there is a user block) and compares its
    /// end-of-file address with the file's length, so a truncated copy is reported at open time.
    /// </summary>
    private static void CheckSuperblock(string path, string what)
    {
        long length;
        Span<byte> header = stackalloc byte[64];
        using (var stream = OpenForProbe(path, what))
        {
            length = stream.Length;
            for (long position = 0; position + Signature.Length <= length; position = position == 0 ? 512 : position * 2)
            {
                stream.Position = position;
                var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
                if (read < Signature.Length || !header[..Signature.Length].SequenceEqual(Signature))
                    continue;
                var required = RequiredLength(header[..read]);
                if (required is null)
                    throw new InvalidInputException($"{what} '{path}' is damaged: its HDF5 superblock is incomplete ({length} bytes).");
                if (required > length)
                    throw new InvalidInputException($"{what} '{path}' is truncated: it has {length} bytes but its HDF5 header says {required.Value}.");
                return;
            }
        }
        throw new InvalidInputException($"{what} '{path}' is not an HDF5 file (no HDF5 signature found).");
    }

    private static FileStream OpenForProbe(string path, string what)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{what} '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Base address + end-of-file address from the superblock (versions 0–3); null when the superblock
    /// itself is cut short; long.MinValue when it cannot be told (unknown version, undefined address).
    /// </summary>
    private static long? RequiredLength(ReadOnlySpan<byte> superblock)
    {
        if (superblock.Length < 16)
            return null;
        var version = superblock[8];
        int sizeOfOffsets, baseAddressAt;
        switch (version)
        {
            case 0:
                sizeOfOffsets = superblock[13];
                baseAddressAt = 24;
                break;
            case 1:
                sizeOfOffsets = superblock[13];
                baseAddressAt = 28;
                break;
            case 2:
            case 3:
                sizeOfOffsets = superblock[9];
                baseAddressAt = 12;
                break;
            default:
                return long.MinValue; // a future format: let the library judge it
        }
        if (sizeOfOffsets is not (2 or 4 or 8))
            return long.MinValue;
        // Both versions put the end-of-file address two addresses after the base address.
        var endOfFileAt = baseAddressAt + 2 * sizeOfOffsets;
        if (superblock.Length < endOfFileAt + sizeOfOffsets)
            return null;
        var baseAddress = ReadAddress(superblock.Slice(baseAddressAt, sizeOfOffsets));
        var endOfFile = ReadAddress(superblock.Slice(endOfFileAt, sizeOfOffsets));
        if (baseAddress is null || endOfFile is null)
            return long.MinValue;
        // The base address is absolute (the superblock's own position); the EOF address is relative to it.
        return baseAddress.Value + endOfFile.Value;
    }

    private static long? ReadAddress(ReadOnlySpan<byte> bytes)
    {
        ulong value = bytes.Length switch
        {
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
        var undefined = bytes.Length == 8 ? ulong.MaxValue : (1UL << (8 * bytes.Length)) - 1;
        return value == undefined || value > long.MaxValue ? null : (long)value;
    }

    /// <summary>The dataset at <paramref name="name"/>, or null when no such link exists.</summary>
    public static NativeDataset? FindDataset(NativeFile file, string path, string name, string what)
    {
        try
        {
            if (!LinkExists(file, name))
                return null;
            var obj = file.Get(name);
            return obj as NativeDataset
                ?? throw new InvalidInputException($"{what} '{path}': '{InputText.Brief(name)}' is not a dataset (it is a {Describe(obj)}).");
        }
        catch (Exception ex) when (ex is not InvalidInputException)
        {
            throw new InvalidInputException($"{what} '{path}': dataset '{InputText.Brief(name)}' could not be read (corrupt file?): {ex.Message}", ex);
        }
    }

    public static NativeDataset RequireDataset(NativeFile file, string path, string name, string what) =>
        FindDataset(file, path, name, what)
        ?? throw new InvalidInputException($"{what} '{path}' has no dataset '{InputText.Brief(name)}'{ListedChildren(file)}.");

    /// <summary>LinkExists on a nested path throws when an intermediate group is missing; walk it instead.</summary>
    private static bool LinkExists(NativeFile file, string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return false;
        IH5Group group = file;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!group.LinkExists(parts[i]))
                return false;
            if (i == parts.Length - 1)
                return true;
            if (group.Get(parts[i]) is not IH5Group next)
                return false;
            group = next;
        }
        return false;
    }

    private static string Describe(IH5Object obj) => obj switch
    {
        IH5Group => "group",
        IH5CommitedDatatype => "named datatype",
        _ => obj.GetType().Name,
    };

    private static string ListedChildren(NativeFile file)
    {
        try
        {
            var names = file.Children().Select(c => c.Name).Take(12).ToArray();
            return names.Length == 0 ? " (the file is empty)" : $" (it has: {string.Join(", ", names)})";
        }
        catch (Exception)
        {
            return ""; // listing is only a courtesy in an error message
        }
    }

    public static ulong[] Dimensions(NativeDataset dataset) => dataset.Space.Dimensions;

    public static string Shape(NativeDataset dataset) => $"[{string.Join(",", dataset.Space.Dimensions)}]";
}
