using GalaxyActors.Core.Imaging.Synthetic;
using Xunit.Abstractions;

namespace GalaxyActors.Core.Tests.Imaging;

/// <summary>
/// How make-sample frames its galaxies, measured as SDSS measures real ones: Petrosian R50 and R90 (petroR50_r,
/// petroR90_r) of each galaxy's noiseless, PSF-blurred light in the r band (our G channel), in circular apertures
/// about its centre, on a canvas twice the frame so light beyond the cutout still counts (SDSS measures on the survey
/// image, the cutout is made afterwards).
/// </summary>
public class SyntheticFramingTests(ITestOutputHelper output)
{
    private const int Size = SyntheticGalaxies.DefaultSize;

    internal static PetrosianRadii.Radii MeasureModel(GalaxyModel model, int size)
    {
        var canvas = 2 * size;
        var shift = size / 2f;
        model.CentreX += shift;
        model.CentreY += shift;
        var planes = new float[4 * canvas * canvas];
        var red = planes.AsSpan(0, canvas * canvas);
        var green = planes.AsSpan(canvas * canvas, canvas * canvas);
        var blue = planes.AsSpan(2 * canvas * canvas, canvas * canvas);
        GalaxyPainter.PaintGalaxy(in model, canvas, red, green, blue);
        ObservationSimulator.Blur(green, planes.AsSpan(3 * canvas * canvas), canvas, model.PsfSigma);
        return PetrosianRadii.Measure(green, canvas, model.CentreX, model.CentreY);
    }

    internal static (double[] R50, double[] R90, Galaxy10Class[] Classes) Framing(int count, int seed, int size = Size)
    {
        var r50 = new double[count];
        var r90 = new double[count];
        var classes = new Galaxy10Class[count];
        Parallel.For(0, count, i =>
        {
            var model = SyntheticGalaxies.ModelOf(seed, i, size, out classes[i]);
            var radii = MeasureModel(model, size);
            r50[i] = radii.R50 / size;
            r90[i] = radii.R90 / size;
        });
        return (r50, r90, classes);
    }

    private static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var at = q * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }

    private static string Summary(IEnumerable<double> values) =>
        $"median {Quantile(values, 0.5):F3}, 10–90 % {Quantile(values, 0.1):F3}–{Quantile(values, 0.9):F3}";

    /// <summary>
    /// Galaxy10's cutouts put every galaxy's Petrosian R90 at 50/3 = 16.7 px of 69 (0.2415 of the side; see GalaxyModel):
    /// the sample's median must be there, its spread small (the assumed 8 % scatter: 10–90 % about ±10 %), and no class
    /// may be framed larger or smaller than another (before, class medians ran from 0.136 to 0.282, so size alone told
    /// classes apart). R50 follows from each profile's concentration: disks larger, spheroids smaller.
    /// </summary>
    [Fact]
    public void Galaxies_fill_the_frame_as_Galaxy10_cutouts_do()
    {
        var (r50, r90, classes) = Framing(1000, seed: 1);
        Assert.All(r90, v => Assert.True(double.IsFinite(v)));
        output.WriteLine($"R90/side: {Summary(r90)}; R50/side: {Summary(r50)}");
        Assert.InRange(Quantile(r90, 0.5), 0.2415 * 0.96, 0.2415 * 1.04);
        Assert.InRange(Quantile(r90, 0.1), 0.2415 * 0.82, 0.2415);
        Assert.InRange(Quantile(r90, 0.9), 0.2415, 0.2415 * 1.18);
        Assert.InRange(Quantile(r50, 0.5), 0.07, 0.11);
        foreach (var c in Enum.GetValues<Galaxy10Class>())
        {
            var median = Quantile(Enumerable.Range(0, classes.Length).Where(i => classes[i] == c).Select(i => r90[i]), 0.5);
            output.WriteLine($"{c}: R90/side median {median:F3}");
            Assert.InRange(median, 0.2415 * 0.93, 0.2415 * 1.07);
        }
        var diskR50 = Quantile(Enumerable.Range(0, classes.Length).Where(i => classes[i] == Galaxy10Class.LooseSpiral).Select(i => r50[i]), 0.5);
        var roundR50 = Quantile(Enumerable.Range(0, classes.Length).Where(i => classes[i] == Galaxy10Class.SmoothRound).Select(i => r50[i]), 0.5);
        Assert.True(diskR50 > 1.2 * roundR50, $"loose spirals' R50 {diskR50:F3} vs smooth round {roundR50:F3}: disks are less concentrated");
    }

    [Fact]
    public void Petrosian_radii_of_an_exponential_disk_and_a_de_Vaucouleurs_profile_match_their_integrals()
    {
        // Independent values from integrating the 1-D profiles numerically (NumPy, 4·10⁵ steps): an exponential of
        // scale h has r_P = 3.55 h, R50 = 1.668 h, R90 = 3.82 h; a de Vaucouleurs (n = 4) profile of effective radius Re
        // has r_P = 1.72 Re, R50 = 0.713 Re, R90 = 2.39 Re (its Petrosian flux is 82 % of the total, hence R50 < Re).
        const int size = 160;
        const double centre = (size - 1) / 2.0;
        var exponential = new float[size * size];
        var deVaucouleurs = new float[size * size];
        var bn = GalaxyModel.SersicBn(4);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                // Each pixel holds its mean brightness, from 8×8 samples, so the steep centre is not under-sampled.
                double e = 0, d = 0;
                for (var sy = 0; sy < 8; sy++)
                    for (var sx = 0; sx < 8; sx++)
                    {
                        var r = Math.Sqrt(Math.Pow(x - 0.5 + (sx + 0.5) / 8 - centre, 2) + Math.Pow(y - 0.5 + (sy + 0.5) / 8 - centre, 2));
                        e += Math.Exp(-r / 5.0);
                        d += Math.Exp(-bn * (Math.Pow(r / 8.0, 0.25) - 1));
                    }
                exponential[y * size + x] = (float)(e / 64);
                deVaucouleurs[y * size + x] = (float)(d / 64);
            }
        var disk = PetrosianRadii.Measure(exponential, size, centre, centre);
        Assert.Equal(3.55 * 5, disk.Petrosian, 0.2);
        Assert.Equal(1.668 * 5, disk.R50, 0.1);
        Assert.Equal(3.82 * 5, disk.R90, 0.2);
        var spheroid = PetrosianRadii.Measure(deVaucouleurs, size, centre, centre);
        Assert.Equal(1.72 * 8, spheroid.Petrosian, 0.2);
        Assert.Equal(0.713 * 8, spheroid.R50, 0.1);
        Assert.Equal(2.39 * 8, spheroid.R90, 0.2);
        Assert.Equal(disk, PetrosianRadii.MeasureCentred(exponential, size));
    }
}
