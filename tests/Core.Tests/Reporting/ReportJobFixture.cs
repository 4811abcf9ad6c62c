using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Pipeline;
using GalaxyActors.Core.Reporting;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Tests.Reporting;

/// <summary>
/// One small finished job shared by the report tests (embedding is the slow part): 60 synthetic,
/// labelled galaxies run through <see cref="LocalJob"/>, whose result folder ends with the report.
/// </summary>
public sealed class ReportJobFixture : IDisposable
{
    public const int Images = 60;

    public ReportJobFixture()
    {
        Root = Directory.CreateTempSubdirectory("galaxy-report-").FullName;
        InputPath = Path.Combine(Root, "sample.h5");
        SampleFile.Make(InputPath, Images, seed: 1);
        Output = Path.Combine(Root, "out");
        Summary = LocalJob.Run(new JobRequest
        {
            Input = new JobInput { ImagesPath = InputPath },
            OutputDirectory = Output,
            Analysis = new AnalysisOptions { KMax = 4, NInit = 2 },
        });
    }

    public string Root { get; }
    public string InputPath { get; }

    /// <summary>The job's result folder, as LocalJob left it (do not write into it).</summary>
    public string Output { get; }

    public JobSummary Summary { get; }

    /// <summary>A copy of the job's machine-readable results (summary.json, assignments.csv, features.h5) without any figure or page.</summary>
    public string CopyResultsWithoutReport()
    {
        var copy = Directory.CreateTempSubdirectory("galaxy-report-copy-").FullName;
        foreach (var name in new[] { SummaryJson.FileName, AssignmentsCsv.FileName, ResultFolder.FeaturesFileName })
            File.Copy(Path.Combine(Output, name), Path.Combine(copy, name));
        return copy;
    }

    public static readonly string[] FigureNames =
    [
        ReportWriter.Elbow, ReportWriter.PcaVariance, ReportWriter.Eigenvalues, ReportWriter.Embedding,
        ReportWriter.MontageKMeans, ReportWriter.MontageSpectral, ReportWriter.Galaxies,
    ];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
