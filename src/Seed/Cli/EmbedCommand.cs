using System.CommandLine;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Embedding.Quantization;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Seed.Cli;

/// <summary>`galaxy embed --input FILE.h5 --out features.h5 [--model PATH] [--limit N] [--batch B]`</summary>
public static class EmbedCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "HDF5 file in the Galaxy10 layout.", Required = true };
        var output = new Option<string>("--out") { Description = "Feature store to write (features.h5).", Required = true };
        var batch = new Option<int>("--batch") { Description = "Images per inference batch.", DefaultValueFactory = _ => EmbedderOptions.DefaultBatchSize };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var job = new JobOptionSet();
        var command = new Command("embed", "Read → embed → store: features of every image into an HDF5 feature store.")
        {
            input, output, batch, threads, job.ImagesDataset, job.LabelsDataset, job.Limit, job.SliceSize,
        };
        foreach (var option in job.EmbeddingOptions) command.Options.Add(option);
        command.SetHandler(parse =>
        {
            if (parse.GetValue(batch) < 1) throw new InvalidInputException($"--batch {parse.GetValue(batch)}: must be at least 1.");
            if (parse.GetValue(threads) < 1) throw new InvalidInputException($"--threads {parse.GetValue(threads)}: must be at least 1.");
            var limit = parse.GetValue(job.Limit);
            if (limit is < 1) throw new InvalidInputException($"--limit {limit}: must be at least 1.");
            var inputSize = EmbeddingDefaults.InputSizeFor(parse.GetValue(job.InputSize), parse.GetValue(job.Model));
            if (inputSize is < EmbedderOptions.MinimumInputSize)
                throw new InvalidInputException($"--input-size {inputSize}: must be at least {EmbedderOptions.MinimumInputSize} pixels.");
            var sliceSize = parse.GetValue(job.SliceSize);
            if (sliceSize < 1) throw new InvalidInputException($"--slice-size {sliceSize}: must be at least 1.");

            var provider = EmbeddingOptionValues.ParseExecutionProvider(parse.GetValue(job.ExecutionProvider)!);
            var precision = EmbeddingOptionValues.ResolvePrecision(parse.GetValue(job.Precision), parse.GetValue(job.Model), provider);
            using var file = GalaxyImageFile.Open(parse.GetValue(input)!, parse.GetValue(job.ImagesDataset)!, parse.GetValue(job.LabelsDataset));
            using var embedder = ImageEmbedder.Create(new EmbedderOptions
            {
                ModelPath = parse.GetValue(job.Model),
                BatchSize = parse.GetValue(batch),
                IntraOpThreads = parse.GetValue(threads),
                Tta = EmbeddingOptionValues.ParseTta(parse.GetValue(job.Tta)!),
                InputSize = inputSize,
                Precision = precision,
                ExecutionProvider = provider,
                CalibrationImages = precision == EmbeddingPrecision.Int8 ? CalibrationImages.FromFile(file.Path, file.ImagesDataset) : null,
            });
            if (embedder.Int8 is { } int8)
                Console.WriteLine(int8.LoadedFromCache ? $"int8 model from the cache: {int8.CachePath}" : $"int8 model calibrated on {int8.CalibrationImageCount} images, cached as {int8.CachePath}");
            var outcome = EmbedPipeline.Run(file, embedder, parse.GetValue(output)!, limit, sliceSize, new ConsoleProgress());
            Console.WriteLine($"Embedded {outcome.Images} images with {outcome.ModelName} ({outcome.FeatureDimension}-d) in {outcome.TotalSeconds:F1} s " +
                              $"({outcome.ImagesPerSecond:F1} images/s) → {outcome.FeaturesPath}");
            return 0;
        });
        return command;
    }
}
