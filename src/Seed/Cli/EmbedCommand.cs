using System.CommandLine;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Jobs;
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
            input, output, batch, threads, job.ImagesDataset, job.Limit, job.SliceSize,
        };
        foreach (var option in job.LabelOptions.Concat(job.EmbeddingOptions)) command.Options.Add(option);
        command.SetHandler(parse =>
        {
            if (parse.GetValue(batch) < 1) throw new InvalidInputException($"--batch {parse.GetValue(batch)}: must be at least 1.");
            if (parse.GetValue(threads) < 1) throw new InvalidInputException($"--threads {parse.GetValue(threads)}: must be at least 1.");
            var outputPath = Path.GetFullPath(parse.GetValue(output)!);
            // The job's own request shape and checks (options, input, labels, crop against the image size), so `embed`
            // reads labels and embeds exactly as a job does.
            var request = JobRequestReader.Read(parse, job, Path.GetFullPath(parse.GetValue(input)!), null, Path.GetDirectoryName(outputPath)!);
            foreach (var read in new[] { request.Input.ImagesPath!, request.Input.Labels?.Path }.OfType<string>())
                if (ResultStaging.SameFile(read, outputPath))
                    throw new InvalidInputException($"--out {outputPath}: that is the job's input {read}; embedding would write over it. Choose another --out.");
            var outcome = Embed(request, outputPath, parse.GetValue(batch), parse.GetValue(threads), new ConsoleProgress());
            Console.WriteLine($"Embedded {outcome.Images} images with {outcome.ModelName} ({outcome.FeatureDimension}-d) in {outcome.TotalSeconds:F1} s " +
                              $"({outcome.ImagesPerSecond:F1} images/s; morphology {outcome.MorphologySeconds:F2} s beside inference) → {outcome.FeaturesPath}");
            return 0;
        });
        return command;
    }

    /// <summary>The standalone embed path: the job's images read, embedded and stored in one process, no actors
    /// (`galaxy embed`, and `galaxy bench scale`'s yardstick for the cluster's embedding rate).</summary>
    public static EmbedOutcome Embed(JobRequest request, string outputPath, int batchSize, int threads, IProgress<PhaseProgress>? progress)
    {
        var facts = JobInputs.Open(request);
        using var file = GalaxyImageFile.Open(request.Input.ImagesPath!, request.Input.ImagesDataset, labelsDataset: null);
        using var embedder = ImageEmbedder.Create(request.ToEmbedderOptions() with { BatchSize = batchSize, IntraOpThreads = threads });
        if (embedder.Int8 is { } int8)
            Console.WriteLine(int8.LoadedFromCache ? $"int8 model from the cache: {int8.CachePath}" : $"int8 model calibrated on {int8.CalibrationImageCount} images, cached as {int8.CachePath}");
        return OutputWriteFailure.Guard(outputPath, () => EmbedPipeline.Run(file, embedder, outputPath, facts.Rows, request.Analysis.SliceSize, facts.Labels, progress));
    }
}
