using System.Reflection;
using GalaxyActors.Core.Pipeline;

namespace GalaxyActors.Core.Tests.Pipeline;

public sealed class OutputWriteFailureTests
{
    private static readonly string Out = Path.Combine(Path.GetTempPath(), "results");

    [Fact]
    public void A_write_error_wrapped_as_PureHDF_wraps_it_names_out_not_the_staging_folder()
    {
        var staging = Path.Combine(Out, ResultStaging.StagingPrefix + "job-1");
        var e = Assert.Throws<InvalidInputException>(() => OutputWriteFailure.Guard(staging,
            () => throw new TargetInvocationException(new IOException("No space left on device : 'features.h5.tmp'"))));
        Assert.Equal($"--out {Out}: the results could not be written (No space left on device : 'features.h5.tmp'); earlier results there are unchanged.", e.Message);
    }

    [Fact]
    public void A_refused_input_keeps_its_own_message_and_other_errors_are_not_touched()
    {
        var refused = new InvalidInputException("input.h5: truncated", new IOException("short read"));
        Assert.Same(refused, Assert.Throws<InvalidInputException>(() => OutputWriteFailure.Guard(Out, () => throw refused)));
        Assert.Throws<InvalidOperationException>(() => OutputWriteFailure.Guard(Out, () => throw new InvalidOperationException("a bug")));
        Assert.Equal(7, OutputWriteFailure.Guard(Out, () => 7));
    }
}
