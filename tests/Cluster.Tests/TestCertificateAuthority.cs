using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GalaxyActors.Hosting;

namespace GalaxyActors.Cluster.Tests;

/// <summary>
/// A certificate authority made in the test (ECDSA P-256, a day's validity), issuing node certificates as PEM files the
/// way an operator's CA would: CA:FALSE, digital signature, client and server authentication, the loopback address.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly string _folder;

    public TestCertificateAuthority(string name, string folder)
    {
        _folder = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        AuthorityFile = Path.Combine(_folder, "ca.crt");
        File.WriteAllText(AuthorityFile, _certificate.ExportCertificatePem());
    }

    /// <summary>The CA's certificate, PEM (what GALAXY__TLSCAFILE names).</summary>
    public string AuthorityFile { get; }

    /// <summary>Issues a certificate for <paramref name="node"/>; returns options with its three TLS files set.</summary>
    public GalaxyClusterOptions Issue(string node, GalaxyClusterOptions options)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={node}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(16));

        var copy = options.Clone();
        copy.TlsCertificateFile = Path.Combine(_folder, node + ".crt");
        copy.TlsKeyFile = Path.Combine(_folder, node + ".key");
        copy.TlsCaFile = AuthorityFile;
        File.WriteAllText(copy.TlsCertificateFile, issued.ExportCertificatePem());
        File.WriteAllText(copy.TlsKeyFile, key.ExportPkcs8PrivateKeyPem());
        return copy;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
