using GalaxyActors.Core.Jobs;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Checks a submitted job's input before the <see cref="JobCoordinator"/> queues it: returns the one-line reason it
/// cannot run (the submitter gets <see cref="JobRejected"/>), or null. <see cref="JobInputCheck.Problem"/> is the
/// production one.
/// </summary>
public delegate string? JobInputValidator(JobRequest request);
