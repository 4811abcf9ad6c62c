using System.CommandLine;
using System.Globalization;
using GalaxyActors.Benchmarks;
using GalaxyActors.Benchmarks.Morphology;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core;
using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Seed.Cli;

/// <summary>`galaxy bench embed|cluster|quality`: prints performance figures (speed is measured here, never asserted in tests).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Print performance figures.");
        bench.Subcommands.Add(Embed());
        bench.Subcommands.Add(Int8());
        bench.Subcommands.Add(Cluster());
        bench.Subcommands.Add(QualityBenchCommand.Create());
        bench.Subcommands.Add(JobBenchmarkCommand.Create());
        bench.Subcommands.Add(ScaleBenchmarkCommand.Create());
        bench.Subcommands.Add(Morphology());
        return bench;
    }

    private static Command Embed()
    {
        var images = new Option<int>("--images") { Description = "Images per timed setting.", DefaultValueFactory = _ => 64 };
        var pathImages = new Option<int>("--path-images") { Description = "Images for the whole read→store path.", DefaultValueFactory = _ => 512 };
        var batches = new Option<string>("--batches") { Description = "Batch sizes to try.", DefaultValueFactory = _ => "1,4,8,16,32" };
        var threads = new Option<string>("--threads") { Description = "Intra-op thread counts to try.", DefaultValueFactory = _ => "1,2" };
        var model = new Option<string?>("--model") { Description = "ONNX model (default: bundled ResNet18)." };
        var inputSizes = new Option<string?>("--input-size") { Description = "Model input sizes to time, e.g. 224,112,96,72,69 (default: the model's own)." };
        var job = new JobOptionSet();
        var command = new Command("embed", "Model throughput by input size, batch size and threads, preprocessing alone, and the whole embed path.")
        {
            images, pathImages, batches, threads, model, inputSizes, job.Precision, job.ExecutionProvider,
        };
        command.SetHandler(parse =>
        {
            var sizes = parse.GetValue(inputSizes) is { } text ? Ints(text, "--input-size") : [];
            foreach (var size in sizes)
                ModelInputResizer.EnsureSupported(size);
            var options = new EmbedderOptions
            {
                // A measuring tool: fp32 unless asked, so its rows compare with the model as shipped.
                Precision = EmbeddingOptionValues.ParsePrecision(parse.GetValue(job.Precision) ?? "fp32"),
                ExecutionProvider = EmbeddingOptionValues.ParseExecutionProvider(parse.GetValue(job.ExecutionProvider)!),
            };
            var report = EmbedBenchmark.Run(parse.GetValue(images), batchSizes: Ints(parse.GetValue(batches)!, "--batches"),
                threadCounts: Ints(parse.GetValue(threads)!, "--threads"), modelPath: parse.GetValue(model), inputSizes: sizes, options: options);
            Console.WriteLine($"model: {report.Model}");
            foreach (var preprocessing in report.Preprocessing)
                Console.WriteLine($"preprocessing alone ({report.SourceSize}→{preprocessing.InputSize} " +
                                  $"{(preprocessing.InputSize == report.SourceSize ? "no resize" : "resize")} + normalise, 1 thread): " +
                                  $"{preprocessing.ImagesPerSecond:F0} images/s ({preprocessing.MicrosecondsPerImage:F0} µs/image)");
            Console.WriteLine($"{"size",4} {"threads",7} {"batch",5} {"raw img/s",10} {"embed img/s",12} {"embed/raw",9}");
            foreach (var row in report.Rows)
                Console.WriteLine($"{row.InputSize,4} {row.IntraOpThreads,7} {row.BatchSize,5} {row.RawImagesPerSecond,10:F1} {row.EmbedImagesPerSecond,12:F1} {row.Ratio,9:P0}");

            foreach (var size in report.InputSizes)
            {
                var best = report.Best(size);
                var path = EmbedPathBenchmark.Run(parse.GetValue(pathImages), best.BatchSize, report.MaxThreads,
                    options: options with { InputSize = sizes.Length > 0 ? size : null });
                var preprocessing = report.Preprocessing.First(p => p.InputSize == size);
                Console.WriteLine($"size {size}: best batch {best.BatchSize}; HDF5 read alone {path.ReadImagesPerSecond:F0} images/s; " +
                                  $"whole path (read + preprocess + infer + store), {path.Images} images, {path.Threads} threads: {path.PathImagesPerSecond:F1} images/s " +
                                  $"= {path.PathImagesPerSecond / best.RawImagesPerSecond:P0} of the raw model rate ({best.RawImagesPerSecond:F1} images/s); " +
                                  $"preprocessing {preprocessing.MicrosecondsPerImage * path.PathImagesPerSecond / 1e6:P1} of the path's time");
            }
            return 0;
        });
        return command;
    }

    private static Command Morphology()
    {
        var input = new Option<string?>("--input") { Description = "Images to measure (default: a synthetic Galaxy10-like sample, rendered to a temporary file)." };
        var images = new Option<int>("--images") { Description = "Images measured.", DefaultValueFactory = _ => 2000 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of the embedding it is compared with.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var job = new JobOptionSet();
        var command = new Command("morphology", "Microseconds per image of the morphology (C, A, Gini, M20, shape, r50, colour) beside the job's embedding of the same images.")
        {
            input, images, threads, job.ImagesDataset,
        };
        foreach (var option in job.EmbeddingOptions) command.Options.Add(option);
        command.SetHandler(parse =>
        {
            if (parse.GetValue(images) < 1) throw new InvalidInputException($"--images {parse.GetValue(images)}: must be at least 1.");
            var given = parse.GetValue(input);
            var path = given is null ? Path.Combine(Path.GetTempPath(), $"galaxy-morphology-{Environment.ProcessId}.h5") : Path.GetFullPath(given);
            try
            {
                if (given is null) SampleFile.Make(path, parse.GetValue(images), seed: 1);
                var request = JobRequestReader.Read(parse, job, path, null, Path.GetTempPath());
                var embedding = request.ToEmbedderOptions() with { IntraOpThreads = parse.GetValue(threads) };
                var cost = MorphologyBenchmark.Run(path, request.Input.ImagesDataset, parse.GetValue(images), embedding);
                Console.WriteLine($"{cost.Images} images of {path}");
                Console.WriteLine($"morphology (1 thread, best of {MorphologyBenchmark.Passes} passes per image): {cost.MeterMicroseconds:F1} µs/image");
                Console.WriteLine($"embedding ({cost.Embedding}; {cost.Threads} threads, best of 3 passes): {cost.EmbedMicroseconds:F1} µs/image wall");
                Console.WriteLine($"morphology = {cost.OfEmbedWall:P1} of the embedding's wall time, {cost.OfEmbedCpu:P1} of its CPU time");
            }
            finally
            {
                if (given is null) File.Delete(path);
            }
            return 0;
        });
        return command;
    }

    private static Command Int8()
    {
        var images = new Option<int>("--images") { Description = "Images timed per round.", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { Description = "Images per inference.", DefaultValueFactory = _ => 16 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Paired fp32/int8 rounds (medians are reported).", DefaultValueFactory = _ => 9 };
        var command = new Command("int8", "Raw model rate of int8 against fp32, timed in alternating pairs, and the features' cosine to fp32.")
        {
            images, batch, threads, rounds,
        };
        command.SetHandler(parse =>
        {
            var report = PrecisionBenchmark.Run(parse.GetValue(images), parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(rounds));
            Console.WriteLine($"int8 model: {(report.Int8.LoadedFromCache ? "from the cache" : "calibrated now")}, {report.Int8.CachePath}");
            Console.WriteLine($"{"round",5} {"fp32 img/s",11} {"int8 img/s",11} {"int8/fp32",9}");
            for (var i = 0; i < report.Rounds.Count; i++)
                Console.WriteLine($"{i + 1,5} {report.Rounds[i].Fp32,11:F1} {report.Rounds[i].Int8,11:F1} {report.Rounds[i].Int8 / report.Rounds[i].Fp32,9:F2}");
            Console.WriteLine($"median over {report.Rounds.Count} rounds ({report.Images} images, batch {report.BatchSize}, {report.Threads} threads): " +
                              $"fp32 {report.MedianFp32ImagesPerSecond:F1} img/s, int8 {report.MedianInt8ImagesPerSecond:F1} img/s, int8/fp32 {report.MedianSpeedup:F2}×");
            Console.WriteLine($"cosine int8 vs fp32 on {report.Images} images not used for calibration: mean {report.MeanCosine:F4}, min {report.MinCosine:F4}");
            return 0;
        });
        return command;
    }

    private static Command Cluster()
    {
        var features = new Option<string?>("--features") { Description = "Feature store to time on." };
        var featuresDataset = new Option<string>("--features-dataset") { DefaultValueFactory = _ => "features" };
        var synthetic = new Option<int[]?>("--synthetic") { Description = "N D: synthetic CNN-like features (the peer's recipe).", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var peer = new Option<string?>("--peer") { Description = "scikit-learn peer script to run on the same data (default ../shared/peers/sklearn_stages.py beside the working directory or the repository; python3 from PATH)." };
        var noPeer = new Option<bool>("--no-peer") { Description = "Time only our stages." };
        var repeats = new Option<int>("--repeats") { Description = "Runs per stage, ours and the peer's alike; each column reports the median (ours also the first, cold run).", DefaultValueFactory = _ => 3 };
        var skip = new Option<string>("--skip") { Description = "Comma list of stages to skip (both columns).", DefaultValueFactory = _ => "" };
        var tsne = new Option<bool>("--tsne") { Description = "Also time t-SNE of every point by Barnes-Hut and by FFT interpolation, and above 50,000 points the job's sampled map (ours only), with the share of neighbours each map keeps." };
        var command = new Command("cluster", "Wall time and peak memory per analysis stage, beside scikit-learn's on the same data.")
        {
            features, featuresDataset, synthetic, peer, noPeer, repeats, skip, tsne,
        };
        command.SetHandler(parse =>
        {
            // An option of several values not given parses as an empty array, not null.
            var shape = parse.GetValue(synthetic) is { Length: > 0 } given ? given : null;
            var featuresPath = parse.GetValue(features);
            if ((shape == null) == (featuresPath == null))
                throw new InvalidInputException("Give exactly one of --features FILE.h5 or --synthetic N D.");
            RowMatrix data;
            string? temporary = null;
            if (shape != null)
            {
                data = SyntheticFeatures.Generate(shape[0], shape[1]);
                temporary = Path.Combine(Path.GetTempPath(), $"galaxy-bench-{Environment.ProcessId}.h5");
                using (var writer = FeatureStoreWriter.Create(temporary, data.Rows, data.Columns, new FeatureStoreAttributes("synthetic", "-", "synthetic", data.Columns, "none")))
                {
                    writer.WriteRows(0, data.Data);
                    writer.Complete();
                }
                featuresPath = temporary;
            }
            else
            {
                using var store = FeatureStoreReader.Open(featuresPath!, parse.GetValue(featuresDataset)!, null);
                data = store.ReadAll();
            }
            try
            {
                var skipped = parse.GetValue(skip)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                Console.WriteLine($"data: {data.Rows} × {data.Columns}{(shape != null ? " synthetic" : $" from {featuresPath}")}, {Environment.ProcessorCount} cores");
                var runs = parse.GetValue(repeats);
                if (runs < 1) throw new InvalidInputException($"--repeats must be at least 1, got {runs}.");
                var ours = ClusterBenchmark.Run(data, includeTsne: parse.GetValue(tsne), skip: skipped, repeats: runs,
                    onStage: s => Console.WriteLine($"  ours: {s.Stage} median {s.Seconds:F3} s (first {s.ColdSeconds:F3} s), peak {s.PeakMegabytes:F0} MB"));
                PeerResult? theirs = null;
                if (!parse.GetValue(noPeer))
                {
                    var located = ScikitLearnPeer.Locate(parse.GetValue(peer));
                    if (located.Peer is { } sklearn)
                    {
                        Console.WriteLine($"running the scikit-learn peer: {sklearn.Python} {sklearn.Script}");
                        var outcome = sklearn.Run(featuresPath!, parse.GetValue(featuresDataset)!, runs, skipped);
                        theirs = outcome.Result;
                        if (outcome.Absent is { } failed)
                            Console.WriteLine($"scikit-learn peer absent: {failed}");
                    }
                    else
                        Console.WriteLine($"scikit-learn peer absent: {located.Absent}");
                }
                PrintTable(ours, theirs);
                Console.WriteLine($"seconds are medians of {runs} run(s) per stage in both columns; 'first' is our first, JIT-compiling run");
            }
            finally
            {
                if (temporary != null) File.Delete(temporary);
            }
            return 0;
        });
        return command;
    }

    private static void PrintTable(ClusterBenchmarkReport ours, PeerResult? theirs)
    {
        Console.WriteLine();
        Console.WriteLine($"PCA: {ours.Components} components" + (theirs != null ? $" (scikit-learn: {theirs.Components})" : ""));
        Console.WriteLine($"{"stage",-30} {"ours s",9} {"first s",8} {"peak MB",8} {"sklearn s",10} {"speed-up",9}");
        foreach (var stage in ours.Stages)
        {
            var peerSeconds = theirs != null && theirs.Seconds.TryGetValue(stage.Stage, out var s) ? s : (double?)null;
            Console.WriteLine($"{stage.Stage,-30} {stage.Seconds,9:F3} {stage.ColdSeconds,8:F3} {stage.PeakMegabytes,8:F0} {(peerSeconds is { } p ? p.ToString("F3", CultureInfo.InvariantCulture) : "-"),10} " +
                              $"{(peerSeconds is { } q ? (q / stage.Seconds).ToString("F1", CultureInfo.InvariantCulture) + "×" : "-"),9}");
        }
        if (ours.ApproximateRecall is { } recall)
            Console.WriteLine($"knn_graph_nn_descent recall@10 against exact search on 1,000 sampled rows: {recall:F4}");
        foreach (var (stage, kept) in ours.MapPreservation ?? new Dictionary<string, double>())
            Console.WriteLine($"{stage}: share of each point's 10 nearest (PCA space) among its 10 nearest on the map, 5,000 sampled rows: {kept:F4}");
        if (theirs?.Sse is { } sse && ours.ElbowSse.Length == sse.Length)
        {
            var worst = ours.ElbowSse.Select((value, i) => (value - sse[i]) / sse[i]).Max();
            Console.WriteLine($"elbow SSE vs scikit-learn (n_init 10): worst K is {worst:+0.00%;-0.00%} (positive = ours higher)");
        }
    }

    internal static int[] Ints(string text, string option)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        }
        catch (FormatException)
        {
            throw new InvalidInputException($"{option} {text}: expected a comma-separated list of whole numbers.");
        }
    }
}
