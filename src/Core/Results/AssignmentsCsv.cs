using System.Globalization;
using System.Text;

namespace GalaxyActors.Core.Results;

/// <summary>
/// assignments.csv: <c>index,kmeans,spectral[,label]</c>, one row per image, with the spectral ids
/// already aligned to the K-means ids so that the same number means the same group in both columns.
/// </summary>
public static class AssignmentsCsv
{
    public const string FileName = "assignments.csv";

    public static void Write(string directory, int[] kmeans, int[] spectral, int[]? labels)
    {
        if (spectral.Length != kmeans.Length || (labels != null && labels.Length != kmeans.Length))
            throw new ArgumentException("Every column must have one value per image.");
        var text = new StringBuilder(kmeans.Length * 16);
        text.Append(labels == null ? "index,kmeans,spectral\n" : "index,kmeans,spectral,label\n");
        for (var i = 0; i < kmeans.Length; i++)
        {
            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(kmeans[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(spectral[i].ToString(CultureInfo.InvariantCulture));
            if (labels != null) text.Append(',').Append(labels[i].ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        File.WriteAllText(Path.Combine(directory, FileName), text.ToString());
    }
}
