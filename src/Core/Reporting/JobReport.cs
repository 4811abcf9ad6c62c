using System.Diagnostics;
using GalaxyActors.Core.Results;

namespace GalaxyActors.Core.Reporting;

/// <summary>
/// The last step of every job: render the report from the result folder just written and the job's summary in
/// memory, then write summary.json — once, with how long the report took (<c>timings.report</c>) and the job's whole
/// wall time (<c>timings.total</c>). A report that fails still leaves summary.json (without those two) and rethrows.
/// </summary>
public static class JobReport
{
    /// <param name="jobClock">Started when the job started.</param>
    /// <returns>The summary as stored.</returns>
    public static JobSummary Write(string directory, JobSummary summary, Stopwatch jobClock)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            ReportWriter.Write(directory, summary);
        }
        catch
        {
            SummaryJson.Write(directory, summary);
            throw;
        }
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
