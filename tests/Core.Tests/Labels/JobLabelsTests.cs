using GalaxyActors.Core.Jobs;
using GalaxyActors.Core.Labels;

namespace GalaxyActors.Core.Tests.Labels;

public class JobLabelsTests
{
    private static JobInput Images(string? dataset = null, int[]? unlabelled = null, string? labelsPath = null) => new()
    {
        ImagesPath = LabelVariants.Path,
        Labels = new LabelRequest { Dataset = dataset, Unlabelled = unlabelled ?? [], Path = labelsPath },
    };

    private static LabelSet? Read(JobInput input) => JobLabels.Read(input, LabelVariants.Images, LabelVariants.Images);

    [Fact]
    public void A_named_dataset_takes_its_names_from_the_files_dataset_names_attribute()
    {
        var labels = Read(Images("coarse", unlabelled: [-1]))!;
        Assert.Equal("coarse", labels.Dataset);
        Assert.Equal([0, 1, 2, 3], labels.Classes);
        Assert.Equal("edge-on disk", labels.Name(2));
        Assert.Equal("file attribute 'coarse_names'", labels.NamesFrom);
        Assert.Equal(1, labels.UnlabelledRows);
        Assert.False(labels.IsClass(-1));
    }

    [Fact]
    public void A_named_dataset_that_is_absent_is_an_error_naming_it()
    {
        var error = Assert.Throws<InvalidInputException>(() => Read(Images("morphology_class")));
        Assert.Contains("'morphology_class'", error.Message);
        Assert.Contains(LabelVariants.Path, error.Message);
    }

    [Fact]
    public void The_default_dataset_absent_from_a_feature_store_means_no_labels()
    {
        var input = new JobInput { FeaturesPath = LabelVariants.Path };
        Assert.Null(Read(input)); // no 'labels' dataset, and none was asked for
    }

    [Fact]
    public void Galaxy10_labels_get_Galaxy10_names_and_a_note_marks_their_unlabelled_value()
    {
        var labels = Read(Images())!; // the default: 'ans'
        Assert.Equal(Galaxy10.NamesSource, labels.NamesFrom);
        Assert.Equal("Smooth, cigar-shaped", labels.Name(3));
        Assert.Equal([255], labels.Unlabelled);
        Assert.Equal(2, labels.UnlabelledRows);
        Assert.Equal(Enumerable.Range(0, 10), labels.Classes);
    }

    [Fact]
    public void Names_as_fixed_length_bytes_or_one_comma_separated_string_are_read()
    {
        Assert.Equal("featured", Read(Images("gz_named"))!.Name(1));
        var csv = Read(Images("classes_csv"))!;
        Assert.Equal("cigar", csv.Name(1));
        Assert.Equal("labels dataset attribute 'class_names'", csv.NamesFrom);
    }

    [Fact]
    public void Labels_without_names_that_are_not_Galaxy10s_are_called_class_N()
    {
        var labels = Read(Images("coarse", unlabelled: [-1]))!;
        Assert.Equal("class 9", labels.Name(9));
        var marked = Read(Images("marked"))!;
        Assert.Null(marked.NamesFrom);
        Assert.Equal("class 1", marked.Name(1));
    }

    [Fact]
    public void An_integer_unlabelled_attribute_marks_values_that_are_not_classes()
    {
        var labels = Read(Images("marked"))!;
        Assert.Equal([7], labels.Unlabelled);
        Assert.Equal([0, 1], labels.Classes);
        Assert.Equal(4, labels.UnlabelledRows);
    }

    [Fact]
    public void Fewer_than_two_classes_left_is_an_error_when_labels_were_asked_for_and_a_warning_when_found_by_default()
    {
        var error = Assert.Throws<InvalidInputException>(() => Read(Images("one_class")));
        Assert.Contains("only one class (3)", error.Message);
        Assert.Contains("255", error.Message);

        // The same labels found under the default name: kept, with a warning instead of metrics.
        var found = new LabelSet([3, 3, 255], "ans", "f.h5", null, null, [255]);
        Assert.Contains("only one class", JobLabels.Warning(found));
        Assert.Null(JobLabels.Warning(Read(Images())));
    }

    [Theory]
    [InlineData("short", "10 labels for 12")]
    [InlineData("floats", "integer class ids")]
    [InlineData("matrix", "rank 1")]
    public void Labels_of_another_length_type_or_rank_are_one_clear_error(string dataset, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => Read(Images(dataset)));
        Assert.Contains(expected, error.Message);
        Assert.Contains($"'{dataset}'", error.Message);
    }

    [Fact]
    public void Labels_from_a_separate_file_use_its_dataset_and_must_exist()
    {
        var input = new JobInput
        {
            FeaturesPath = "/not/read/here.h5",
            Labels = new LabelRequest { Path = LabelVariants.Path, Dataset = "gz_named" },
        };
        Assert.Equal([0, 1], Read(input)!.Classes);
        var missing = input with { Labels = new LabelRequest { Path = LabelVariants.Path, Dataset = "nothing" } };
        Assert.Contains("Labels file", Assert.Throws<InvalidInputException>(() => Read(missing)).Message);
    }

    [Fact]
    public void Only_the_rows_a_limited_job_uses_are_read()
    {
        var labels = JobLabels.Read(Images(), LabelVariants.Images, rows: 4)!;
        Assert.Equal([0, 1, 2, 3], labels.Values);
    }
}
