namespace GalaxyActors.Core.Jobs;

/// <summary>What a job reads (DESIGN.md §3 job options): images to embed, or a feature store to start from.</summary>
public sealed record JobInput
{
    /// <summary>The images dataset's name when none is given (Galaxy10's).</summary>
    public const string DefaultImagesDataset = "images";

    /// <summary>The features dataset's name when none is given (what our feature store writes).</summary>
    public const string DefaultFeaturesDataset = "features";

    /// <summary>HDF5 images in the Galaxy10 layout (--input); exactly one of this and <see cref="FeaturesPath"/>.</summary>
    public string? ImagesPath { get; init; }

    /// <summary>A feature store from an earlier job or from other software (--features); skips embedding.</summary>
    public string? FeaturesPath { get; init; }

    public string ImagesDataset { get; init; } = DefaultImagesDataset;

    public string FeaturesDataset { get; init; } = DefaultFeaturesDataset;

    /// <summary>Use only the first N rows (--limit); null = all.</summary>
    public int? Limit { get; init; }

    /// <summary>Where the ground-truth labels come from, if anywhere.</summary>
    public LabelRequest Labels { get; init; } = new();

    /// <summary>The job embeds images (else it starts from a feature store).</summary>
    public bool IsImages => ImagesPath is not null;

    /// <summary>The input file, whichever kind.</summary>
    public string Path => ImagesPath ?? FeaturesPath ?? "";

    /// <summary>Rows the job uses of an input holding <paramref name="available"/>.</summary>
    public int RowsOf(int available) => Math.Min(Limit ?? available, available);
}
