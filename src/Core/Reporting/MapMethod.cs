namespace GalaxyActors.Core.Reporting;

/// <summary>How embedding.png's 2-D map of the reduced features is made at job time.</summary>
public enum MapMethod
{
    /// <summary>Barnes–Hut t-SNE: shows local neighbourhoods (about 40 s for 21,785 galaxies on 2 cores; above 50,000 a
    /// sample is embedded and the rest placed, see <see cref="ClusterMap.TSneSampleSize"/>).</summary>
    TSne,

    /// <summary>The two leading principal components: instant, but clusters overlap more.</summary>
    Pca,
}
