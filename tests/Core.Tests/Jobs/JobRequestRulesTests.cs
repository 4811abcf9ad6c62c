using GalaxyActors.Core.Embedding;
using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Tests.Jobs;

public class JobRequestRulesTests
{
    private static readonly JobRequest Valid = new() { Input = new JobInput { ImagesPath = "/data/in.h5" }, OutputDirectory = "/out" };

    public static TheoryData<string, JobRequest> BadRequests() => new()
    {
        { "--variance 0: must be in (0, 1]", Valid with { Analysis = new AnalysisOptions { Variance = 0 } } },
        { "--variance 1.5: must be in (0, 1]", Valid with { Analysis = new AnalysisOptions { Variance = 1.5 } } },
        { "--variance NaN: must be in (0, 1]", Valid with { Analysis = new AnalysisOptions { Variance = double.NaN } } },
        { "--k 0: must be at least 1", Valid with { Analysis = new AnalysisOptions { K = 0 } } },
        { "--k 12: spectral clustering can use at most --eigenvalues (10)", Valid with { Analysis = new AnalysisOptions { K = 12 } } },
        { "--k-max 0: must be at least 1", Valid with { Analysis = new AnalysisOptions { KMax = 0 } } },
        { "--n-init 0: must be at least 1", Valid with { Analysis = new AnalysisOptions { NInit = 0 } } },
        { "--neighbors 0: must be at least 1", Valid with { Analysis = new AnalysisOptions { Neighbors = 0 } } },
        { "--eigenvalues 1: must be at least 2", Valid with { Analysis = new AnalysisOptions { Eigenvalues = 1 } } },
        { "--slice-size 0: must be at least 1", Valid with { Analysis = new AnalysisOptions { SliceSize = 0 } } },
        { "--feature-norm: value 9 is not known", Valid with { Analysis = new AnalysisOptions { FeatureNorm = (FeatureNorm)9 } } },
        { "--limit 0: must be at least 1", Valid with { Input = Valid.Input with { Limit = 0 } } },
        { "--input-size 16: must be at least 32", Valid with { Embedding = new EmbeddingRequest { InputSize = 16 } } },
        { "--center-crop 0: must be in (0, 1]", Valid with { Embedding = new EmbeddingRequest { CenterCrop = 0 } } },
        { "--center-crop 1.2: must be in (0, 1]", Valid with { Embedding = new EmbeddingRequest { CenterCrop = 1.2 } } },
        { "--precision int8 runs on the CPU only", Valid with { Embedding = new EmbeddingRequest { Precision = EmbeddingPrecision.Int8, ExecutionProvider = ExecutionProviderKind.Cuda } } },
        { "give exactly one input", Valid with { Input = Valid.Input with { FeaturesPath = "/f.h5" } } },
        { "give exactly one input", Valid with { Input = new JobInput() } },
        { "--out: an output folder is required", Valid with { OutputDirectory = " " } },
        { "--images-dataset: must not be empty", Valid with { Input = Valid.Input with { ImagesDataset = "" } } },
        { "--labels-dataset: must not be empty", Valid with { Input = Valid.Input with { Labels = new LabelRequest { Dataset = " " } } } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Every_bad_option_is_one_problem_that_names_it(string expected, JobRequest request)
    {
        var problems = request.Problems();
        Assert.Single(problems);
        Assert.StartsWith(expected, problems[0]);
        var error = Assert.Throws<InvalidInputException>(request.Validate);
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void The_defaults_are_a_valid_request()
    {
        Assert.Empty(Valid.Problems());
        Assert.Empty(new JobRequest { Input = new JobInput { FeaturesPath = "/f.h5" }, OutputDirectory = "o" }.Problems());
    }

    [Fact]
    public void Several_problems_are_all_reported()
    {
        var request = Valid with { Analysis = new AnalysisOptions { Variance = 2, NInit = 0 }, Input = Valid.Input with { Limit = -1 } };
        Assert.Equal(3, request.Problems().Count);
    }
}
