using System.Globalization;
using GalaxyActors.Hosting;

namespace GalaxyActors.Deploy.Tests;

/// <summary>The rendered deploy/k8s (and its submit Job example) against each other and against what the programs read and serve.</summary>
public sealed class KubernetesManifestTests
{
    private const string Namespace = "galaxy";
    private const string SubmitJobExample = "deploy/k8s/examples/submit-job.yaml";
    private const string PodIp = "10.42.0.7";

    private static readonly KubernetesManifests Manifests = KubernetesManifests.Render();

    private static Dictionary<string, object?> Seeds => Manifests.Get("StatefulSet", "galaxy-seed");

    private static Dictionary<string, object?> Workers => Manifests.Get("Deployment", "galaxy-worker");

    private static int Int(Dictionary<string, object?> node, string path) => int.Parse(node.Str(path)!, CultureInfo.InvariantCulture);

    /// <summary>Pod N's environment, as the kubelet hands it to the program.</summary>
    private static Dictionary<string, string> EnvironmentOf(Dictionary<string, object?> workload, int pod = 0) =>
        KubernetesManifests.Environment(Assert.Single(KubernetesManifests.Containers(workload)), $"{workload.Str("metadata.name")}-{pod}", PodIp);

    private static int ContainerPort(Dictionary<string, object?> workload, string portNameOrNumber)
    {
        var ports = KubernetesManifests.Containers(workload).SelectMany(c => c.Maps("ports")).ToList();
        var port = Assert.Single(ports, p => p.Str("name") == portNameOrNumber || p.Str("containerPort") == portNameOrNumber);
        return Int(port, "containerPort");
    }

    /// <summary>The seed-node addresses the seed pods really have: pod N of the StatefulSet under its headless Service.</summary>
    private static List<string> SeedPodAddresses()
    {
        var service = Seeds.Str("spec.serviceName");
        var port = ContainerPort(Seeds, "remoting");
        return Enumerable.Range(0, Int(Seeds, "spec.replicas"))
            .Select(i => $"{Seeds.Str("metadata.name")}-{i}.{service}.{Namespace}.svc.cluster.local:{port}").ToList();
    }

    public static TheoryData<string> NodeWorkloads() => ["StatefulSet/galaxy-seed", "Deployment/galaxy-worker"];

    private static Dictionary<string, object?> Workload(string kindAndName) => Manifests.Get(kindAndName.Split('/')[0], kindAndName.Split('/')[1]);

    [Fact]
    public void Everything_lives_in_the_galaxy_namespace()
    {
        Manifests.Get("Namespace", Namespace);
        Assert.All(Manifests.Objects.Where(o => o.Str("kind") != "Namespace"), o => Assert.Equal(Namespace, o.Str("metadata.namespace")));
        Assert.All(KubernetesManifests.LoadFile(SubmitJobExample), o => Assert.Equal(Namespace, o.Str("metadata.namespace")));
    }

    [Fact]
    public void Each_workload_selects_its_own_pods_and_no_other_workload_s()
    {
        var workloads = Manifests.Workloads.ToList();
        Assert.Equal(2, workloads.Count);
        foreach (var workload in workloads)
        {
            var selector = workload.Map("spec.selector.matchLabels");
            foreach (var other in workloads)
                Assert.Equal(ReferenceEquals(workload, other), KubernetesManifests.Selects(selector, KubernetesManifests.PodLabels(other)));
        }
    }

    [Fact]
    public void Services_select_one_workload_and_their_ports_reach_its_container_ports()
    {
        foreach (var service in Manifests.OfKind("Service"))
        {
            var selector = service.Map("spec.selector");
            var target = Assert.Single(Manifests.Workloads, w => KubernetesManifests.Selects(selector, KubernetesManifests.PodLabels(w)));
            foreach (var port in service.Maps("spec.ports"))
                Assert.Equal(Int(port, "port"), ContainerPort(target, port.Str("targetPort") ?? port.Str("port")!));
        }
    }

    [Fact]
    public void Seeds_are_a_parallel_StatefulSet_behind_a_headless_service_that_publishes_unready_pods()
    {
        Assert.Equal(3, Int(Seeds, "spec.replicas")); // an odd number: keep-majority among seeds survives losing one
        Assert.Equal("Parallel", Seeds.Str("spec.podManagementPolicy"));
        var service = Manifests.Get("Service", Seeds.Str("spec.serviceName")!);
        Assert.Equal("None", service.Str("spec.clusterIP"));
        Assert.Equal("true", service.Str("spec.publishNotReadyAddresses"));
        Assert.True(KubernetesManifests.Selects(service.Map("spec.selector"), KubernetesManifests.PodLabels(Seeds)));
    }

    [Theory]
    [MemberData(nameof(NodeWorkloads))]
    public void Seed_nodes_are_the_seed_pods_DNS_names_on_their_remoting_port(string workload)
    {
        var options = GalaxyVariables.Bind(EnvironmentOf(Workload(workload)));
        Assert.Equal(SeedPodAddresses(), options.SeedNodes);
    }

    [Fact]
    public void Each_seed_pod_advertises_exactly_the_address_the_seed_list_gives_it()
    {
        var addresses = SeedPodAddresses();
        for (int pod = 0; pod < addresses.Count; pod++)
        {
            var options = GalaxyVariables.Bind(EnvironmentOf(Seeds, pod));
            Assert.Equal(addresses[pod], $"{options.EffectivePublicHostname}:{options.Port}");
        }
    }

    [Fact]
    public void Workers_advertise_their_pod_IP()
    {
        var options = GalaxyVariables.Bind(EnvironmentOf(Workers));
        Assert.Equal(PodIp, options.EffectivePublicHostname);
        Assert.Equal(["/app/galaxy-node"], Assert.Single(KubernetesManifests.Containers(Workers)).List("command").OfType<string>());
    }

    [Theory]
    [MemberData(nameof(NodeWorkloads))]
    public void Node_environment_holds_only_variables_the_program_reads_and_the_ones_it_needs(string workload)
    {
        var environment = EnvironmentOf(Workload(workload));
        var options = GalaxyVariables.AssertReadable(environment, workload);
        Assert.Equal("0.0.0.0", options.Host); // probes and other pods arrive on the pod IP
        Assert.NotEmpty(options.SeedNodes);
        Assert.NotNull(options.PublicHostname);
        Assert.Equal(ContainerPort(Workload(workload), "remoting"), options.Port);
    }

    [Theory]
    [MemberData(nameof(NodeWorkloads))]
    public void Probes_ask_the_health_endpoint_the_node_serves(string workload)
    {
        var nodes = Workload(workload);
        var container = Assert.Single(KubernetesManifests.Containers(nodes));
        var options = GalaxyVariables.Bind(EnvironmentOf(nodes));
        Assert.NotNull(options.HealthPort);
        foreach (var (probe, path) in new[]
                 {
                     ("livenessProbe", GalaxyHealthEndpoint.LivePath),
                     ("startupProbe", GalaxyHealthEndpoint.LivePath),
                     ("readinessProbe", GalaxyHealthEndpoint.ReadyPath),
                 })
        {
            Assert.Equal(path, container.Str($"{probe}.httpGet.path"));
            Assert.Equal(options.HealthPort, ContainerPort(nodes, container.Str($"{probe}.httpGet.port")!));
        }
    }

    [Theory]
    [MemberData(nameof(NodeWorkloads))]
    public void Termination_grace_period_outlasts_the_node_shutdown_timeout(string workload)
    {
        var nodes = Workload(workload);
        var grace = TimeSpan.FromSeconds(Int(nodes, "spec.template.spec.terminationGracePeriodSeconds"));
        var options = GalaxyVariables.Bind(EnvironmentOf(nodes));
        Assert.True(grace > options.ShutdownTimeout, $"{workload}: grace {grace} must exceed the node's shutdown timeout {options.ShutdownTimeout}");
    }

    [Fact]
    public void Every_container_has_resource_requests_and_a_memory_limit()
    {
        var containers = Manifests.Workloads.SelectMany(KubernetesManifests.Containers)
            .Concat(KubernetesManifests.LoadFile(SubmitJobExample).SelectMany(KubernetesManifests.Containers));
        Assert.All(containers, c =>
        {
            Assert.NotNull(c.Str("resources.requests.cpu"));
            Assert.NotNull(c.Str("resources.requests.memory"));
            Assert.NotNull(c.Str("resources.limits.memory"));
        });
    }

    [Fact]
    public void Autoscaler_scales_the_worker_deployment_on_CPU()
    {
        var hpa = Manifests.Get("HorizontalPodAutoscaler", "galaxy-worker");
        Assert.Equal("Deployment", hpa.Str("spec.scaleTargetRef.kind"));
        Assert.Equal(Workers.Str("metadata.name"), hpa.Str("spec.scaleTargetRef.name"));
        Assert.Contains(hpa.Maps("spec.metrics"), m => m.Str("resource.name") == "cpu");
    }

    [Fact]
    public void Disruption_budgets_each_cover_one_workload_and_every_workload_has_one()
    {
        var covered = Manifests.OfKind("PodDisruptionBudget")
            .Select(b => Assert.Single(Manifests.Workloads, w => KubernetesManifests.Selects(b.Map("spec.selector.matchLabels"), KubernetesManifests.PodLabels(w))))
            .ToList();
        Assert.Equal(Manifests.Workloads.Count(), covered.Distinct().Count());
    }

    [Fact]
    public void Shared_volume_is_ReadWriteMany_and_every_claim_used_exists()
    {
        var claim = Manifests.Get("PersistentVolumeClaim", "galaxy-shared");
        Assert.Contains("ReadWriteMany", claim.List("spec.accessModes").OfType<string>());
        var users = Manifests.Workloads.Concat(KubernetesManifests.LoadFile(SubmitJobExample));
        foreach (var workload in users)
        {
            var claims = workload.Maps("spec.template.spec.volumes").Select(v => v.Str("persistentVolumeClaim.claimName")).OfType<string>().ToList();
            Assert.Equal(["galaxy-shared"], claims);
            var mounts = workload.Maps("spec.template.spec.containers").SelectMany(c => c.Maps("volumeMounts")).ToList();
            Assert.Contains(mounts, m => m.Str("mountPath") == "/data" && m.Str("readOnly") == "true");
        }
    }

    [Fact]
    public void Submit_job_example_contacts_a_seed_pod_and_sets_only_variables_the_program_reads()
    {
        var job = Assert.Single(KubernetesManifests.LoadFile(SubmitJobExample));
        Assert.Equal("Job", job.Str("kind"));
        var container = Assert.Single(KubernetesManifests.Containers(job));
        var args = container.List("args").OfType<string>().ToList();
        Assert.Equal("submit", args[0]);
        Assert.Contains(args[args.IndexOf("--seed-node") + 1], SeedPodAddresses());
        var options = GalaxyVariables.AssertReadable(KubernetesManifests.Environment(container, "galaxy-submit-x", PodIp), SubmitJobExample);
        Assert.Equal(PodIp, options.EffectivePublicHostname); // the seed replies to the submitter's pod IP
    }
}
