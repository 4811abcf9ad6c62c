using GalaxyActors.Core;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// The coordinator's check of a submitted job before it is queued (<see cref="JobInputValidator"/>): the compute
/// library's own (<see cref="JobInputs.Inspect"/>: options, input headers, labels, sizes), that the job would not
/// write over its own input (<see cref="ResultStaging.RefuseOwnInput"/>), and that the output folder can be made. A bad job is rejected with the library's one-line message and never reaches a worker.
/// </summary>
public static class JobInputCheck
{
    /// <summary>The reason <paramref name="request"/> cannot run, or null when it can.</summary>
    public static string? Problem(JobRequest request)
    {
        try
        {
            JobInputs.Inspect(request);
            ResultStaging.RefuseOwnInput(request);
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
