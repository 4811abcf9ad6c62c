using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;
using PureHDF;

namespace GalaxyActors.Seed.Tests;

/// <summary>
/// Every kind of bad input an astronomer or an operator brings, made once in a scratch folder: files that are not what
/// they claim, datasets of the wrong shape or type, stores with impossible values, options out of range, outputs that
/// cannot be written or would overwrite the input. Each case is a command line for a local command (`galaxy embed` or
/// `galaxy cluster`) and, where a job can carry it, the same job for `galaxy submit`; with the words its one error
/// line must name.
/// </summary>
public sealed class BadInputCatalogue : IDisposable
{
    /// <summary>One bad input: a name, the local command line, the submit job arguments (null: not a job), what the error must name.</summary>
    public sealed record Case(string Name, string[] Local, string[]? Submitted, string[] Mentions);

    private readonly TempFolder _temp = new();

    public BadInputCatalogue()
    {
        Good = File("good.h5");
        SampleFile.Make(Good, 24, 3);
        GoodFeatures = File("good-features.h5");
        WriteFeatures(GoodFeatures, 24, 6, (row, column) => (float)Math.Sin(row * 7 + column));
        Cases = [.. Build()];
    }

    /// <summary>A good 24-image sample (with labels).</summary>
    public string Good { get; }

    /// <summary>A good 24 × 6 feature store.</summary>
    public string GoodFeatures { get; }

    public IReadOnlyList<Case> Cases { get; }

    public string File(string name) => _temp.File(name);

    public void Dispose() => _temp.Dispose();

    private IEnumerable<Case> Build()
    {
        // Images: local `galaxy embed`, submitted as an images job.
        Case Images(string name, string input, string[] options, params string[] mentions) =>
            new(name, ["embed", "--input", input, "--out", File($"{name}-features.h5"), .. options],
                ["--input", input, "--out", File($"{name}-out"), .. options], mentions);
        // Feature stores and analysis options: local `galaxy cluster`, submitted as a features job.
        Case Features(string name, string features, string[] options, params string[] mentions) =>
            new(name, ["cluster", "--features", features, "--out", File($"{name}-out"), .. options],
                ["--features", features, "--out", File($"{name}-out"), .. options], mentions);

        var missing = File("nowhere.h5");
        yield return Images("missing-file", missing, [], missing);
        var text = File("notes.h5");
        System.IO.File.WriteAllText(text, "these are not galaxies\n");
        yield return Images("not-hdf5", text, [], text, "HDF5");
        var bytes = System.IO.File.ReadAllBytes(Good);
        var half = File("half.h5");
        System.IO.File.WriteAllBytes(half, bytes[..(bytes.Length / 2)]);
        yield return Images("truncated-50", half, [], half);
        var almost = File("almost.h5");
        System.IO.File.WriteAllBytes(almost, bytes[..(int)(bytes.Length * 0.99)]);
        yield return Images("truncated-99", almost, [], almost);
        var folder = Directory.CreateDirectory(File("a-folder.h5")).FullName;
        yield return Images("directory-as-input", folder, [], folder);
        yield return Images("missing-images-dataset", Good, ["--images-dataset", "pictures"], "pictures");
        var rank3 = File("rank3.h5");
        new H5File { ["images"] = new byte[4, 69, 69] }.Write(rank3);
        yield return Images("wrong-rank", rank3, [], rank3, "rank");
        var int64 = File("int64.h5");
        new H5File { ["images"] = new long[2, 8, 8, 3] }.Write(int64);
        yield return Images("wrong-dtype", int64, [], int64, "element type");
        var rgba = File("rgba.h5");
        new H5File { ["images"] = new byte[2, 8, 8, 4] }.Write(rgba);
        yield return Images("wrong-channels", rgba, [], rgba, "channels");
        var empty = File("zero-images.h5");
        new H5File { ["images"] = new byte[0, 8, 8, 3] }.Write(empty);
        yield return Images("zero-images", empty, [], empty, "zero images");
        yield return Images("missing-labels-dataset", Good, ["--labels-dataset", "classes"], "classes");
        var shortLabels = File("short-labels.h5");
        new H5File { ["images"] = new byte[4, 69, 69, 3], ["ans"] = new int[3] }.Write(shortLabels);
        yield return Images("labels-of-another-length", shortLabels, ["--labels-dataset", "ans"], "short-labels.h5", "3 labels for 4 rows");
        var notModel = File("model.onnx");
        System.IO.File.WriteAllText(notModel, "not a model");
        yield return Images("model-not-onnx", Good, ["--model", notModel], notModel);
        var cut = File("cut.onnx");
        var model = System.IO.File.ReadAllBytes(ImageEmbedder.BundledModelPath);
        System.IO.File.WriteAllBytes(cut, model[..(model.Length / 3)]);
        yield return Images("model-truncated", Good, ["--model", cut], cut);
        var unicode = Path.Combine(Directory.CreateDirectory(File("galaxiés ✓ survey")).FullName, "no such file.h5");
        yield return Images("unicode-and-spaces", unicode, [], unicode);
        yield return Images("center-crop-out-of-range", Good, ["--center-crop", "1.5"], "--center-crop");
        yield return Images("input-size-out-of-range", Good, ["--input-size", "0"], "--input-size");

        var nan = File("nan-features.h5");
        WriteFeatures(nan, 24, 6, (row, column) => row == 5 && column == 2 ? float.NaN : row + column);
        yield return Features("nan-features", nan, [], nan);
        var inf = File("inf-features.h5");
        WriteFeatures(inf, 24, 6, (row, column) => row == 7 ? float.PositiveInfinity : row * column);
        yield return Features("infinite-features", inf, [], inf);
        var oneRow = File("one-row.h5");
        WriteFeatures(oneRow, 1, 6, (_, column) => column);
        yield return Features("one-row-store", oneRow, [], "1");
        var rank3Features = File("rank3-features.h5");
        new H5File { ["features"] = new float[4, 2, 2] }.Write(rank3Features);
        yield return Features("features-wrong-rank", rank3Features, [], rank3Features, "rank");
        yield return Features("k-zero", GoodFeatures, ["--k", "0"], "--k");
        yield return Features("k-max-zero", GoodFeatures, ["--k-max", "0"], "--k-max");
        yield return Features("neighbours-zero", GoodFeatures, ["--neighbors", "0"], "--neighbors");
        yield return Features("variance-above-one", GoodFeatures, ["--variance", "1.5"], "--variance");
        yield return Features("slice-size-zero", GoodFeatures, ["--slice-size", "0"], "--slice-size");
        yield return Features("n-init-zero", GoodFeatures, ["--n-init", "0"], "--n-init");
        yield return Features("knn-unknown", GoodFeatures, ["--knn", "fuzzy"], "--knn");
        yield return Features("more-neighbours-than-images", GoodFeatures, ["--neighbors", "50"], "--neighbors");

        // Outputs.
        var ownFolder = Directory.CreateDirectory(File("own")).FullName;
        var own = Path.Combine(ownFolder, "features.h5");
        System.IO.File.Copy(GoodFeatures, own);
        yield return new("out-is-the-inputs-folder", ["cluster", "--features", own, "--out", ownFolder],
            ["--features", own, "--out", ownFolder], ["--out", "which is its input"]);
        yield return new("embed-out-is-the-input", ["embed", "--input", Good, "--out", Good], null, ["--out", "write over it"]);
        var aFile = File("a-file.txt");
        System.IO.File.WriteAllText(aFile, "x");
        yield return new("out-is-a-file", ["cluster", "--features", GoodFeatures, "--out", aFile],
            ["--features", GoodFeatures, "--out", aFile], [aFile]);
        // Writable by nobody, root included.
        const string unwritable = "/proc/galaxy-results";
        yield return new("out-unwritable", ["cluster", "--features", GoodFeatures, "--out", unwritable],
            ["--features", GoodFeatures, "--out", unwritable], [unwritable]);
        var longName = new string('d', 100_000);
        yield return Images("huge-dataset-name", Good, ["--images-dataset", longName], "100,000 characters");
    }

    private static void WriteFeatures(string path, int rows, int columns, Func<int, int, float> value)
    {
        using var writer = FeatureStoreWriter.Create(path, rows, columns, new FeatureStoreAttributes("catalogue", "images", "test", columns, "none"));
        var data = new float[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                data[r * columns + c] = value(r, c);
        writer.WriteRows(0, data);
        writer.Complete();
    }
}
