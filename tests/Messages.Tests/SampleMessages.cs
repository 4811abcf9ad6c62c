using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Linalg;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Messages.Jobs;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Tests;

/// <summary>
/// At least one hand-made instance of every message type, with awkward values: non-ASCII text, nulls next to
/// values, NaN/∞/extremes in bulk arrays, empty arrays. A new message type without an entry here fails the coverage test.
/// </summary>
public static class SampleMessages
{
    private static readonly SliceRef Slice = new("job-7f3a", 42, 21_504L, 281);
    private static readonly SliceRef Big = new("job-7f3a", 3, 5_000_000_000L, 512);

    private static float[] Floats(int n, int seed)
    {
        var rng = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(rng.NextDouble() * 2e3 - 1e3);
        if (n > 4) { values[0] = float.NaN; values[1] = float.PositiveInfinity; values[2] = float.MinValue; values[3] = float.Epsilon; }
        return values;
    }

    private static double[] Doubles(int n, int seed)
    {
        var rng = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = rng.NextDouble() * 1e9 - 5e8;
        if (n > 3) { values[0] = double.NaN; values[1] = double.NegativeInfinity; values[2] = double.MaxValue; }
        return values;
    }

    public static readonly JobRequest FullRequest = new()
    {
        Input = new JobInput
        {
            ImagesPath = "/data/Galaxy10 ✓ Ω.h5",
            ImagesDataset = "images",
            FeaturesDataset = "features",
            Limit = 2000,
            Labels = new LabelRequest { Path = "/data/labels.h5", Dataset = "ans", Unlabelled = [255, -1] },
        },
        Embedding = new EmbeddingRequest
        {
            ModelPath = "/models/resnet50.onnx",
            Tta = TtaMode.Dihedral,
            InputSize = 96,
            Precision = EmbeddingPrecision.Int8,
            ExecutionProvider = ExecutionProviderKind.Cuda,
            CenterCrop = 0.68,
        },
        Analysis = new AnalysisOptions
        {
            Variance = 0.875,
            K = 4,
            KMax = 14,
            Neighbors = 10,
            Eigenvalues = 10,
            SliceSize = 512,
            Seed = -17,
            NInit = 3,
            FeatureNorm = FeatureNorm.SqrtL2,
            Map = MapMethod.Pca,
            Knn = Core.Graph.KnnMethod.Approximate,
        },
        OutputDirectory = "/results/run-1",
    };

    public static readonly JobRequest FeaturesRequest = new()
    {
        Input = new JobInput { FeaturesPath = "/results/run-1/features.h5", ImagesDataset = "" },
        Analysis = new AnalysisOptions { Variance = 1.0, KMax = 1, Neighbors = 1, Eigenvalues = 2, SliceSize = 1, Seed = int.MaxValue },
        OutputDirectory = "out",
    };

    public static IEnumerable<IGalaxyMessage> All()
    {
        yield return new SubmitJob(FullRequest);
        yield return new SubmitJob(FeaturesRequest);
        yield return new SubmitJob(FeaturesRequest, "s3cret ✓");
        yield return new JobAccepted("job-7f3a", 3, "akka.tcp://galaxy@10.0.0.5:4053/user/job-coordinator/singleton");
        yield return new JobRejected("--variance must be in (0, 1], got 1.5");
        yield return new JobProgress("job-7f3a", "embed", 12_000, 21_785, 93.25);
        yield return new JobProgress("job-7f3a", "queued", 0, 0, null);
        yield return new JobCompleted("job-7f3a", "/results/run-1", "{\"kmeans\":{\"k\":4},\"note\":\"é\"}");
        yield return new JobFailed("job-7f3a", "slice 3 failed 3 times: file not found");
        yield return new WatchJob("job-7f3a");
        yield return new CancelJob("job-7f3a");
        yield return new CancelJob("job-7f3a", "open sesame");
        yield return new PingSlice(Slice);
        yield return new SlicePong(Slice, "akka.tcp://galaxy@10.0.0.7:40123");
        yield return new ReleaseSlice(Big);
        yield return new EmbedSlice(Slice, "/data/in.h5", "images", new EmbeddingRequest());
        yield return new EmbedSlice(Big, "/data/in.h5", "imgs", FullRequest.Embedding);
        yield return new LoadSliceFeatures(Slice, "/results/features.h5", "features");
        yield return new SliceEmbedded(Big, 512, 256, 1, 2, Floats(256 * 512, 1));
        yield return new SliceEmbedded(Slice, 0, 0, 0, 1, []);
        yield return new SliceMorphology(Big, 8, Floats(512 * 8, 3));
        yield return new SliceMorphology(Slice, 8, [float.NaN, 1.5f, -2f, 0, 0, 0, 0, 0]);
        yield return new SliceEmbedderInfo(Slice, "ResNet18.onnx", 512, "model ResNet18.onnx (NCHW, 224x224x3); ImageNet mean/std");
        yield return new SliceFailed(Big, "/data/in.h5: dataset 'images' not found.");
        yield return new ComputePcaStats(Slice, 0, FeatureNorm.None);
        yield return new ComputePcaStats(Slice, 3, FeatureNorm.SqrtL2);
        yield return new SliceFeaturesHeld(Slice, 512);
        yield return new SliceFeaturesMissing(Big);
        yield return new PcaStatsPart(Slice, 281, 8, 0, 2, Doubles(8, 2), 0, Doubles(32, 3));
        yield return new PcaStatsPart(Slice, 281, 8, 1, 2, [], 4, Doubles(32, 4));
        yield return new ProjectSlice(Slice, 16, 5, 0, 1, 0, Floats(5 * 16, 5), Floats(16, 6), FeatureNorm.L2);
        yield return new SliceProjected(Slice, 58);
        yield return new SendReducedRows(Slice);
        yield return new SendReducedRows(Slice, 2);
        yield return new ReducedRows(Slice, 58, 0, 0, 1, Floats(281 * 58, 7));
        yield return new HoldReducedRows(Slice, 58, Floats(281 * 58, 12));
        yield return new ReducedRowsMissing(Big);
        yield return new KMeansStep(Slice, 9, 3, [1, 2, 3], Floats(6 * 3, 8), []);
        yield return new KMeansStep(Slice, 10, 3, [1, 2, 3], Floats(6 * 3, 8), [0, 4, 4, 280]);
        yield return new KMeansStepResult(Slice, 9, 3, [1, 2, 3], Doubles(18, 9), [281, 100, 181, 50, 50, 181], Doubles(3, 10));
        yield return new AssignSlice(Slice, 3, [4], Floats(12, 11));
        yield return new SliceAssigned(Slice, [2, 4], [0, 1, 1, 3, 0, 2], Doubles(18, 13), [1, 2, 0, 1, 1, 1], [12.5, 3.25]);
        yield return new KnnSearch(Slice, 10, 58, 200_000, unchecked((long)0x9E3779B97F4A7C15), 1024, 512);
        yield return new KnnPointsMissing(Slice, "akka.tcp://galaxy@10.0.0.7:4053");
        yield return new HoldKnnPoints(Slice, -42, 200_000, 58, 2, 5, 1024, Floats(512 * 58, 12));
        yield return new KnnPointsHeld(Slice, 2);
        yield return new KnnPart(Slice, 2, [17, 3], [5, 9, -1, 0], [0.5, 1.25, double.PositiveInfinity, 0]);
    }
}
