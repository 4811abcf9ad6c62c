using System.CommandLine;
using GalaxyActors.Benchmarks;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Seed.Cli;

/// <summary>
/// `galaxy bench quality --input FILE.h5 [--labels-dataset ans] [--limit N] [--sizes 224,112,96,72,69]
/// [--precisions fp32,int8] [--tta none,dihedral]`: speed and feature quality per embedding configuration,
/// and the configuration the issue-7 rule picks.
/// </summary>
public static class QualityBenchCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Labelled images (Galaxy10 layout HDF5).", Required = true };
        var imagesDataset = new Option<string>("--images-dataset") { DefaultValueFactory = _ => "images" };
        var labelsDataset = new Option<string>("--labels-dataset") { DefaultValueFactory = _ => "ans" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N images." };
        var sizes = new Option<string>("--sizes") { Description = "Model input sizes.", DefaultValueFactory = _ => "224,112,96,72,69" };
        var precisions = new Option<string>("--precisions") { Description = "Model precisions (fp32, int8).", DefaultValueFactory = _ => "fp32,int8" };
        var tta = new Option<string>("--tta") { Description = "Test-time augmentations (none, dihedral).", DefaultValueFactory = _ => "none" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads.", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch") { Description = "Images per inference.", DefaultValueFactory = _ => EmbedderOptions.DefaultBatchSize };
        var model = new Option<string?>("--model") { Description = "ONNX model (default: bundled ResNet18)." };
        var crops = new Option<string>("--crops") { Description = "Centre crops (fraction of the side kept; 1 = none).", DefaultValueFactory = _ => "1" };
        var norms = new Option<string>("--norms") { Description = "Feature normalisations before PCA (none, l2, sqrt-l2).", DefaultValueFactory = _ => "none" };
        var unlabelled = new Option<string?>("--unlabelled") { Description = "Label values that are not classes, comma-separated." };
        var seed = new Option<int>("--seed") { Description = "Seed of the kNN folds and the clusterings.", DefaultValueFactory = _ => 42 };
        var command = new Command("quality", "Images/s and feature quality (kNN accuracy, K-means/spectral ARI and NMI, cosine to fp32-224) per size × precision × TTA.")
        {
            input, imagesDataset, labelsDataset, limit, sizes, precisions, tta, crops, norms, unlabelled, threads, batch, model, seed,
        };
        command.SetHandler(parse =>
        {
            if (parse.GetValue(limit) is < 1)
                throw new InvalidInputException($"--limit {parse.GetValue(limit)}: must be at least 1.");
            var configurations =
                (from size in BenchCommand.Ints(parse.GetValue(sizes)!, "--sizes")
                 from precision in Words(parse.GetValue(precisions)!).Select(EmbeddingOptionValues.ParsePrecision)
                 from mode in Words(parse.GetValue(tta)!).Select(EmbeddingOptionValues.ParseTta)
                 from crop in Words(parse.GetValue(crops)!).Select(ParseCrop)
                 from norm in Words(parse.GetValue(norms)!).Select(FeatureNormalization.Parse)
                 select new QualityConfiguration(size, precision, mode, crop, norm)).ToList();
            var options = new QualityBenchmarkOptions
            {
                InputPath = parse.GetValue(input)!,
                ImagesDataset = parse.GetValue(imagesDataset)!,
                LabelsDataset = parse.GetValue(labelsDataset)!,
                Limit = parse.GetValue(limit),
                Unlabelled = JobRequestReader.ParseIntegers(parse.GetValue(unlabelled), "--unlabelled"),
                Configurations = configurations,
                Embedder = new EmbedderOptions { ModelPath = parse.GetValue(model), IntraOpThreads = parse.GetValue(threads), BatchSize = parse.GetValue(batch) },
                Seed = parse.GetValue(seed),
            };
            Console.WriteLine($"{"configuration",-36} {"img/s",7} {"kNN acc",8} {"KM ARI",7} {"KM NMI",7} {"SC ARI",7} {"SC NMI",7} | {"KM K",4} {"ARI",6} {"NMI",6} | {"SC K",4} {"ARI",6} {"NMI",6} | {"cos→ref",8}");
            var report = QualityBenchmark.Run(options, Print);
            Console.WriteLine($"{report.Images} images, {report.Classes} classes, {options.Embedder.IntraOpThreads} threads, batch {options.Embedder.BatchSize}; " +
                              $"img/s = whole embed path (read + preprocess + infer + store); kNN = 5-fold, k = 10; K-means and spectral at K = {report.Classes}, then at the K each chooses (knee / eigengap)");
            Console.WriteLine($"chosen: {report.Chosen.Configuration} (the fastest whose kNN accuracy and both ARIs are within {QualityBenchmark.Tolerance:0.00} of {report.Reference.Configuration})");
            return 0;
        });
        return command;
    }

    private static void Print(QualityRow row)
    {
        if (row.Scores is not { } s)
        {
            Console.WriteLine($"{row.Configuration,-36} unavailable: {row.Unavailable}");
            return;
        }
        Console.WriteLine($"{row.Configuration,-36} {row.ImagesPerSecond,7:F1} {s.KnnAccuracy,8:F3} {s.KMeans.Ari,7:F3} {s.KMeans.Nmi,7:F3} {s.Spectral.Ari,7:F3} {s.Spectral.Nmi,7:F3} | " +
                          $"{s.KMeans.AutoK,4} {s.KMeans.AriAuto,6:F3} {s.KMeans.NmiAuto,6:F3} | {s.Spectral.AutoK,4} {s.Spectral.AriAuto,6:F3} {s.Spectral.NmiAuto,6:F3} | {s.MeanCosineToReference,8:F4}");
    }

    private static double ParseCrop(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var crop)
            ? crop
            : throw new InvalidInputException($"--crops {InputText.Brief(text)}: expected fractions such as 1,0.68.");

    private static string[] Words(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
