using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Imaging;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;

namespace GalaxyActors.Core.Pipeline;

/// <summary>What opening a job's input told: its size, the rows the job uses, its labels, its image size.</summary>
public sealed record InputFacts(int InputRows, int Rows, LabelSet? Labels, int? ImageHeight, int? ImageWidth)
{
    /// <summary>What is legal but almost surely wrong in the input (<see cref="PixelSurvey"/>): for the log, summary.json and report.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Decides whether a job can run before any work: the options (<see cref="JobRequestRules"/>), the input's headers
/// (images or feature store, the datasets it names), its labels (<see cref="JobLabels"/>), the options against the
/// input's size. Only headers and labels are read, so the cluster's coordinator calls this on submission too, and a
/// bad job is rejected with one line before anything is queued. Every job runner starts here.
/// </summary>
public static class JobInputs
{
    /// <exception cref="InvalidInputException">The first problem, naming the option, file or dataset.</exception>
    public static InputFacts Inspect(JobRequest request)
    {
        var facts = Open(request);
        request.Analysis.ValidateFor(facts.Rows);
        return facts;
    }

    /// <summary>
    /// <see cref="Inspect"/> without the analysis's checks against the input's size: for a command that only embeds
    /// (`galaxy embed` of a handful of images is fine; clustering them is not).
    /// </summary>
    public static InputFacts Open(JobRequest request)
    {
        request.Validate();
        var input = request.Input;
        if (request.Embedding.ModelPath is { } model && input.IsImages && !File.Exists(model))
            throw new InvalidInputException(Directory.Exists(model) ? $"--model {model}: is a directory, not an ONNX file." : $"--model {model}: no such file.");
        // A user's model is read and checked here, where the job is submitted, not found wanting on a worker later: the
        // same checks the embedder makes (an ONNX graph with one 4-D float image input, outputs, resizable if asked).
        if (request.Embedding.ModelPath is { } userModel && input.IsImages)
            OnnxModelPreparer.Prepare(userModel, request.ToEmbedderOptions().InputSize);
        int inputRows;
        int? height = null, width = null;
        IReadOnlyList<string> warnings = [];
        if (input.IsImages)
        {
            using var images = GalaxyImageFile.Open(input.ImagesPath!, input.ImagesDataset, labelsDataset: null);
            inputRows = images.Count;
            (height, width) = (images.Height, images.Width);
            CenterCrop.Validate(request.Embedding.CenterCrop, images.Height, images.Width);
            warnings = PixelSurvey.Warnings(images);
        }
        else
        {
            using var store = FeatureStoreReader.Open(input.FeaturesPath!, input.FeaturesDataset, labelsDataset: null);
            inputRows = store.Rows;
        }
        var rows = input.RowsOf(inputRows);
        var labels = JobLabels.Read(input, inputRows, rows);
        return new InputFacts(inputRows, rows, labels, height, width) { Warnings = warnings };
    }
}
