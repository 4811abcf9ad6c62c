using GalaxyActors.Core;
using GalaxyActors.Hosting;

namespace GalaxyActors.Cluster.Tests;

[Collection("cluster")] // sets process environment variables: never alongside other tests
public sealed class GalaxyClusterOptionsTests
{
    [Fact]
    public void Environment_variables_override_appsettings_and_unset_keys_keep_appsettings_or_defaults()
    {
        string dir = Directory.CreateTempSubdirectory("galaxy-config-").FullName;
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), """
            { "Galaxy": { "Host": "10.1.2.3", "Port": 1111, "SeedNodes": [ "json-seed:4053" ], "LogLevel": "Debug" } }
            """);
        var variables = new Dictionary<string, string>
        {
            ["GALAXY__PORT"] = "2222",
            ["GALAXY__SEEDNODES__0"] = "env-seed:4053",
            ["GALAXY__ROLES__0"] = "worker",
            ["GALAXY__PUBLICHOSTNAME"] = "node-7.example",
        };
        try
        {
            foreach (var (k, v) in variables) Environment.SetEnvironmentVariable(k, v);

            var options = GalaxyConfiguration.LoadOptions(dir);

            Assert.Equal(2222, options.Port);
            Assert.Equal(["env-seed:4053"], options.SeedNodes);
            Assert.Equal(["worker"], options.Roles);
            Assert.Equal("node-7.example", options.EffectivePublicHostname);
            Assert.Equal("10.1.2.3", options.Host);       // from appsettings.json
            Assert.Equal("Debug", options.LogLevel);       // from appsettings.json
            Assert.Equal("galaxy", options.SystemName);    // default
            Assert.Equal(1, options.ComputeThreads);       // default
        }
        finally
        {
            foreach (var k in variables.Keys) Environment.SetEnvironmentVariable(k, null);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Seed_nodes_given_as_host_and_port_become_akka_addresses()
    {
        var options = new GalaxyClusterOptions { SystemName = "galaxy", SeedNodes = ["seed:4053", "akka.tcp://galaxy@10.0.0.1:4053"] };
        Assert.Equal(["akka.tcp://galaxy@seed:4053", "akka.tcp://galaxy@10.0.0.1:4053"], options.SeedNodeAddresses());
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("seed:")]
    [InlineData("seed:70000")]
    public void Malformed_seed_node_is_a_user_error_naming_it(string seed)
    {
        var options = new GalaxyClusterOptions { SeedNodes = [seed] };
        var error = Assert.Throws<InvalidInputException>(options.Validate);
        Assert.Contains(seed, error.Message);
    }

    [Fact]
    public void Node_bound_to_all_interfaces_does_not_advertise_the_wildcard()
    {
        var options = new GalaxyClusterOptions { Host = "0.0.0.0" };
        Assert.NotEqual("0.0.0.0", options.EffectivePublicHostname);
        Assert.False(string.IsNullOrWhiteSpace(options.EffectivePublicHostname));
    }

    [Fact]
    public void Roles_are_the_hosts_role_plus_configured_ones_without_duplicates()
    {
        var options = new GalaxyClusterOptions { Roles = ["worker", "Seed", " "] };
        Assert.Equal(["seed", "worker"], GalaxyClusterSetup.RolesOf(options, GalaxyRoles.Seed));
    }
}
