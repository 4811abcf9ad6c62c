using GalaxyActors.Core.Embedding;

namespace GalaxyActors.Core.Jobs;

/// <summary>
/// Every check of a job's options, as one table per options record, each row naming the command-line option it
/// is about. The CLI, the coordinator (on submission, before anything is queued) and every runner call these and
/// nothing else, so a rule exists once. Checks that need the input's size (N ≥ K, the crop's pixels) come when the
/// input is opened (<see cref="AnalysisOptions.ValidateFor"/>, <see cref="Imaging.CenterCrop.Validate(double, int, int)"/>).
/// </summary>
public static class JobRequestRules
{
    private static readonly OptionRule<AnalysisOptions>[] Analysis =
    [
        OptionRule<AnalysisOptions>.Number("--variance", a => a.Variance, Interval.OpenClosed(0, 1), "the fraction of the variance PCA keeps"),
        OptionRule<AnalysisOptions>.Number("--k", a => a.K, Interval.AtLeast(1), "or 'auto'"),
        OptionRule<AnalysisOptions>.Number("--k-max", a => a.KMax, Interval.AtLeast(1)),
        OptionRule<AnalysisOptions>.Number("--n-init", a => a.NInit, Interval.AtLeast(1)),
        OptionRule<AnalysisOptions>.Number("--neighbors", a => a.Neighbors, Interval.AtLeast(1)),
        OptionRule<AnalysisOptions>.Number("--eigenvalues", a => a.Eigenvalues, Interval.AtLeast(2), "at least 2 are needed to find an eigengap"),
        OptionRule<AnalysisOptions>.Number("--slice-size", a => a.SliceSize, Interval.AtLeast(1)),
        OptionRule<AnalysisOptions>.Relation("--k", a => a.K is { } k && k > a.Eigenvalues
            ? $"--k {k}: spectral clustering can use at most --eigenvalues ({a.Eigenvalues}) eigenvectors"
            : null),
        OptionRule<AnalysisOptions>.Known("--feature-norm", a => a.FeatureNorm),
        OptionRule<AnalysisOptions>.Known("--map", a => a.Map),
        OptionRule<AnalysisOptions>.Known("--knn", a => a.Knn),
    ];

    private static readonly OptionRule<JobRequest>[] Request =
    [
        OptionRule<JobRequest>.Relation("--input", r => (r.Input.ImagesPath is null) == (r.Input.FeaturesPath is null)
            ? "give exactly one input: --input FILE.h5 (images) or --features FILE.h5 (a feature store)"
            : null),
        OptionRule<JobRequest>.Name("--input", r => r.Input.ImagesPath),
        OptionRule<JobRequest>.Name("--features", r => r.Input.FeaturesPath),
        OptionRule<JobRequest>.Relation("--out", r => string.IsNullOrWhiteSpace(r.OutputDirectory) ? "--out: an output folder is required" : null),
        OptionRule<JobRequest>.Name("--images-dataset", r => r.Input.ImagesDataset, r => r.Input.IsImages),
        OptionRule<JobRequest>.Name("--features-dataset", r => r.Input.FeaturesDataset, r => !r.Input.IsImages),
        OptionRule<JobRequest>.Name("--labels-dataset", r => r.Input.Labels.Dataset),
        OptionRule<JobRequest>.Name("--labels", r => r.Input.Labels.Path),
        OptionRule<JobRequest>.Number("--limit", r => r.Input.Limit, Interval.AtLeast(1)),
        OptionRule<JobRequest>.Name("--model", r => r.Embedding.ModelPath),
        OptionRule<JobRequest>.Number("--input-size", r => r.Embedding.InputSize, Interval.AtLeast(EmbedderOptions.MinimumInputSize), "pixels; ResNet-style models downsample by 32"),
        OptionRule<JobRequest>.Number("--center-crop", r => r.Embedding.CenterCrop, Interval.OpenClosed(0, 1), "the fraction of the side kept; 1 = no crop"),
        OptionRule<JobRequest>.Known("--tta", r => r.Embedding.Tta),
        OptionRule<JobRequest>.Known("--precision", r => r.Embedding.Precision),
        OptionRule<JobRequest>.Known("--execution-provider", r => r.Embedding.ExecutionProvider),
        OptionRule<JobRequest>.Relation("--precision", r => ExecutionProviders.Problem(r.Embedding.Precision, r.Embedding.ExecutionProvider)),
    ];

    /// <summary>Every problem of <paramref name="request"/>, in table order; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(JobRequest request)
    {
        var problems = new List<string>();
        Collect(Request, request, problems);
        Collect(Analysis, request.Analysis, problems);
        return problems;
    }

    /// <summary>Throws <see cref="InvalidInputException"/> with the first problem of <paramref name="request"/>.</summary>
    public static void Validate(JobRequest request) => ThrowFirst(Problems(request));

    /// <summary>Every problem of <paramref name="options"/> alone.</summary>
    public static IReadOnlyList<string> AnalysisProblems(AnalysisOptions options)
    {
        var problems = new List<string>();
        Collect(Analysis, options, problems);
        return problems;
    }

    /// <summary>Throws <see cref="InvalidInputException"/> with the first problem of <paramref name="options"/>.</summary>
    public static void ValidateAnalysis(AnalysisOptions options) => ThrowFirst(AnalysisProblems(options));

    private static void Collect<T>(OptionRule<T>[] rules, T value, List<string> problems)
    {
        foreach (var rule in rules)
            if (rule.Problem(value) is { } problem)
                problems.Add(problem);
    }

    private static void ThrowFirst(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            throw new InvalidInputException(Sentence(problems[0]));
    }

    private static string Sentence(string problem) => problem.EndsWith('.') ? problem : problem + ".";
}
