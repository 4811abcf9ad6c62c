using System.Runtime.CompilerServices;

// The t-SNE building blocks (exact kNN, input affinities, quadtree) are internal to Projection but
// are checked one by one against brute-force answers in the Core tests.
[assembly: InternalsVisibleTo("GalaxyActors.Core.Tests")]
