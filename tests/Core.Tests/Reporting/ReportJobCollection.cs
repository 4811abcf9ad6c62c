namespace GalaxyActors.Core.Tests.Reporting;

/// <summary>The report test classes share one finished job (<see cref="ReportJobFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ReportJobCollection : ICollectionFixture<ReportJobFixture>
{
    public const string Name = "report job";
}
