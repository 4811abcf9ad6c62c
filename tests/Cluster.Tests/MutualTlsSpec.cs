using Akka.Actor;
using Akka.Cluster.Tools.Client;
using GalaxyActors.Core;
using GalaxyActors.Hosting;
using GalaxyActors.Hosting.Security;
using GalaxyActors.Messages.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// A cluster on loopback with mutual TLS, certificates from a CA made in the test: a node and a submit client with the
/// cluster's certificates are let in; a node whose certificate another CA signed, or one speaking plain TCP, is not.
/// </summary>
[Collection("cluster")]
public sealed class MutualTlsSpec : IDisposable
{
    private readonly ScratchFolder _scratch = new();
    private readonly TestCertificateAuthority _cluster, _stranger;

    public MutualTlsSpec()
    {
        _cluster = new TestCertificateAuthority("galaxy-ca", _scratch.Path);
        _stranger = new TestCertificateAuthority("other-ca", _scratch.Path);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _stranger.Dispose();
        _scratch.Dispose();
    }

    private static GalaxyClusterOptions Plain(IHost? seed = null) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        LogLevel = "Warning",
        JoinTimeout = TimeSpan.FromSeconds(seed is null ? 30 : 12),
        SeedNodes = seed is null ? [] : [GalaxyHosts.SeedNodeOf(seed)],
    };

    private static int UpMembers(IHost node) =>
        Akka.Cluster.Cluster.Get(node.Services.GetRequiredService<ActorSystem>()).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up);

    [Fact]
    public async Task Nodes_and_the_submit_client_with_the_clusters_certificates_join_and_talk_and_no_other_node_joins()
    {
        using var seed = await GalaxyHosts.StartSeedAsync(_cluster.Issue("seed", Plain()));
        using var worker = await GalaxyHosts.StartWorkerAsync(_cluster.Issue("worker", Plain(seed)));
        Assert.Equal(2, UpMembers(seed));

        // The submit client's request crosses TLS and is answered (this seed has no runner, so the answer is a reasoned no).
        using (var client = await GalaxyHosts.StartClientAsync(_cluster.Issue("submit", Plain(seed))))
        {
            var reply = await client.Services.GetRequiredService<Akka.Hosting.ActorRegistry>().Get<CoordinatorClient>().Ask<object>(
                new ClusterClient.Send(GalaxyNames.CoordinatorServicePath, new SubmitJob(TestJobs.ForImages("/d.h5", "/out"))), TimeSpan.FromSeconds(20));
            Assert.Contains("without a job runner", Assert.IsType<JobRejected>(reply).Reason);
            await client.StopAsync();
        }

        // Another CA's certificate, and no TLS at all: the handshake fails, the node never becomes a member.
        await Assert.ThrowsAsync<ClusterJoinException>(() => GalaxyHosts.StartWorkerAsync(_stranger.Issue("intruder", Plain(seed))));
        await Assert.ThrowsAsync<ClusterJoinException>(() => GalaxyHosts.StartWorkerAsync(Plain(seed)));
        Assert.Equal(2, UpMembers(seed));

        await worker.StopAsync();
        await seed.StopAsync();
    }

    [Fact]
    public void Tls_settings_are_all_three_files_or_none_and_a_bad_file_is_named()
    {
        var complete = _cluster.Issue("node", Plain());
        Assert.NotNull(GalaxyTls.Load(complete));
        Assert.Null(GalaxyTls.Load(Plain()));

        var partial = complete.Clone();
        partial.TlsCaFile = null;
        Assert.Contains("needs all three of GALAXY__TLSCERTIFICATEFILE, GALAXY__TLSKEYFILE and GALAXY__TLSCAFILE",
            Assert.Throws<InvalidInputException>(partial.Validate).Message);

        var missing = complete.Clone();
        missing.TlsKeyFile = _scratch.File("nowhere.key");
        Assert.StartsWith("GALAXY__TLSCERTIFICATEFILE ", Assert.Throws<InvalidInputException>(() => GalaxyTls.Load(missing)).Message);

        var notCa = complete.Clone();
        notCa.TlsCaFile = _scratch.File("empty.crt");
        File.WriteAllText(notCa.TlsCaFile, "not a certificate\n");
        Assert.Contains("GALAXY__TLSCAFILE", Assert.Throws<InvalidInputException>(() => GalaxyTls.Load(notCa)).Message);
    }
}
