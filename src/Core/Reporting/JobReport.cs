using System.Diagnostics;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// The last step of every job: render the report from the result folder just written, then record
/// how long that took (<c>timings.report</c>) and the job's whole wall time (<c>timings.total</c>)
/// in summary.json, which was written before the report could exist.
/// </summary>
public static class JobReport
{
    /// <param name="jobClock">Started when the job started.</param>
    /// <returns>The summary with the report's timing, as now stored.</returns>
    public static JobSummary Write(string directory, JobSummary summary, Stopwatch jobClock)
    {
        var watch = Stopwatch.StartNew();
        ReportWriter.Write(directory);
        var timings = new Dictionary<string, double>(summary.Timings)
        {
            ["report"] = watch.Elapsed.TotalSeconds,
            ["total"] = jobClock.Elapsed.TotalSeconds,
        };
        var finished = summary with { Timings = timings };
        SummaryJson.Write(directory, finished);
        return finished;
    }
}
