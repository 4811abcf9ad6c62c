using System.Diagnostics;

namespace GalaxyActors.Deploy.Tests;

/// <summary>
/// deploy/k8s as Kubernetes would receive it: rendered by `kubectl kustomize` (namespace and images applied), plus the
/// examples that are applied on their own.
/// </summary>
public sealed class KubernetesManifests
{
    public const string Directory = "deploy/k8s";

    private KubernetesManifests(IReadOnlyList<Dictionary<string, object?>> objects) => Objects = objects;

    public IReadOnlyList<Dictionary<string, object?>> Objects { get; }

    public static KubernetesManifests Render()
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(RepositoryFiles.PathOf(Directory));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is needed to render deploy/k8s (Debian: apt-get install kubernetes-client; .ci/run installs it)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {Directory} failed:\n{error.Result}");
            return new KubernetesManifests(Yaml.LoadAll(output.Result));
        }
    }

    /// <summary>The objects of a file applied on its own (an example).</summary>
    public static IReadOnlyList<Dictionary<string, object?>> LoadFile(string relative) => Yaml.LoadAll(RepositoryFiles.Read(relative));

    public IEnumerable<Dictionary<string, object?>> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    public Dictionary<string, object?> Get(string kind, string name) =>
        Assert.Single(OfKind(kind), o => o.Str("metadata.name") == name);

    /// <summary>Objects that run the nodes (seed StatefulSet, worker Deployment).</summary>
    public IEnumerable<Dictionary<string, object?>> Workloads => Objects.Where(o => o.Str("kind") is "StatefulSet" or "Deployment");

    /// <summary>The labels of a workload's pods.</summary>
    public static Dictionary<string, object?> PodLabels(Dictionary<string, object?> workload) => workload.Map("spec.template.metadata.labels");

    public static IEnumerable<Dictionary<string, object?>> Containers(Dictionary<string, object?> workload) =>
        workload.Maps("spec.template.spec.containers");

    /// <summary>True when every label of <paramref name="selector"/> is on <paramref name="labels"/> with the same value.</summary>
    public static bool Selects(Dictionary<string, object?> selector, Dictionary<string, object?> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && Equals(v, s.Value));

    /// <summary>
    /// A container's environment as the kubelet hands it to the program: values from the downward API become sample
    /// values of the right form, and $(NAME) references to earlier variables are expanded (Kubernetes' own rule).
    /// </summary>
    public static Dictionary<string, string> Environment(Dictionary<string, object?> container, string podName, string podIp)
    {
        var environment = new Dictionary<string, string>();
        foreach (var variable in container.Maps("env"))
        {
            string name = variable.Str("name")!;
            string value = variable.Str("valueFrom.fieldRef.fieldPath") switch
            {
                "metadata.name" => podName,
                "status.podIP" => podIp,
                null => variable.Str("value") ?? "",
                var other => throw new NotSupportedException($"{name}: fieldRef {other}"),
            };
            foreach (var (earlier, earlierValue) in environment) value = value.Replace($"$({earlier})", earlierValue, StringComparison.Ordinal);
            environment[name] = value;
        }
        return environment;
    }
}
