using Akka.Actor;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Messages.Jobs;

namespace GalaxyActors.Hosting.Coordination;

/// <summary>
/// Makes the actor that runs one job (the per-job state machine: plan slices → embed → PCA → ... → report). The
/// <see cref="JobCoordinator"/> starts it as a child when the job leaves the queue. The runner reports to its parent
/// with <see cref="JobProgress"/> (any number), then exactly one <see cref="JobCompleted"/> or <see cref="JobFailed"/>;
/// if it stops or throws before that, the coordinator fails the job with the reason. <paramref name="sliceRegion"/>
/// reaches the slice entities.
/// </summary>
public delegate Props JobRunnerFactory(string jobId, JobRequest request, IActorRef sliceRegion);
