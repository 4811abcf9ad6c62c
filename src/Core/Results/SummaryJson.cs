using System.Text.Json;

namespace GalaxyActors.Core.Results;

/// <summary>Reads and writes summary.json.</summary>
public static class SummaryJson
{
    public const string FileName = "summary.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Round-trippable doubles: a re-run must be comparable number for number.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(JobSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static void Write(string directory, JobSummary summary) =>
        File.WriteAllText(Path.Combine(directory, FileName), Serialize(summary) + "\n");

    /// <summary>Parses summary.json text (e.g. carried in a job-completed message).</summary>
    public static JobSummary Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JobSummary>(json, Options)
                   ?? throw new InvalidInputException("empty summary.json text.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"not a valid {FileName} ({e.Message}).", e);
        }
    }

    public static JobSummary Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: no {FileName} here; is this a results folder of a finished job?");
        try
        {
            return JsonSerializer.Deserialize<JobSummary>(File.ReadAllText(path), Options)
                   ?? throw new InvalidInputException($"{path}: empty {FileName}.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a valid {FileName} ({e.Message}).", e);
        }
    }
}
