namespace GalaxyActors.Core.Reporting;

/// <summary>One panel of embedding.png: a title, each point's group (cluster or class) and how a group is named in the legend.</summary>
public sealed record EmbeddingPanel(string Title, int[] Groups, Func<int, string> GroupName);
