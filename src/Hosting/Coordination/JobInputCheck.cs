using GalaxyActors.Core;
using GalaxyActors.Core.Hdf5;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Decides whether a submitted job can run, before it is queued: whether the seed node can open its input (images
/// or feature store, with the datasets and labels it names), whether the options fit the number of images, and
/// whether the output folder can be made. Only headers are read, so it is quick enough for the coordinator to call
/// on submission; a bad job is rejected with the compute library's one-line message and never reaches a worker.
/// </summary>
public static class JobInputCheck
{
    /// <summary>The reason <paramref name="spec"/> cannot run, or null when it can.</summary>
    public static string? Problem(JobSpec spec)
    {
        try
        {
            var request = JobSpecMapping.ToRequest(spec);
            request.Validate();
            if (request.ModelPath != null && !File.Exists(request.ModelPath))
                throw new InvalidInputException($"--model {request.ModelPath}: no such file.");
            int rows;
            if (request.InputPath != null)
            {
                using var images = GalaxyImageFile.Open(request.InputPath, request.ImagesDataset,
                    request.LabelsPath == null ? request.LabelsDataset ?? JobRequest.DefaultImageLabels : null,
                    labelsRequired: request.LabelsDataset != null && request.LabelsPath == null);
                rows = Math.Min(request.Limit ?? images.Count, images.Count);
            }
            else
            {
                using var store = FeatureStoreReader.Open(request.FeaturesPath!, request.FeaturesDataset,
                    request.LabelsPath == null ? request.LabelsDataset ?? JobRequest.DefaultFeatureLabels : null);
                if (request.LabelsDataset != null && request.LabelsPath == null && !store.HasLabels)
                    throw new InvalidInputException($"{request.FeaturesPath}: labels dataset '{request.LabelsDataset}' not found.");
                rows = Math.Min(request.Limit ?? store.Rows, store.Rows);
            }
            if (request.LabelsPath != null)
                LabelSource.ReadFromFile(request.LabelsPath, request.LabelsDataset ?? JobRequest.DefaultImageLabels, rows);
            request.Analysis.ValidateFor(rows);
            OutputPaths.EnsureDirectory(request.OutputDirectory);
            return null;
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
