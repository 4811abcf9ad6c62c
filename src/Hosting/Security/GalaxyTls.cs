using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Hosting;
using GalaxyActors.Core;

namespace GalaxyActors.Hosting.Security;

/// <summary>
/// Mutual TLS for remoting: every node and every `galaxy submit` presents a certificate signed by the cluster's own
/// certificate authority, and accepts a peer only if the peer's certificate chains to that authority. The files are PEM,
/// as a Kubernetes TLS Secret holds them (tls.crt, tls.key, ca.crt). Only the private CA is trusted, never the system
/// store: a certificate a public CA signed for anyone must not open the cluster. Hostnames are not checked: nodes reach
/// each other by pod IPs and generated names, and the CA's signature is the identity (Akka's own mTLS default).
/// </summary>
public sealed class GalaxyTls
{
    /// <summary>Configuration keys, as environment variables (named in errors).</summary>
    public const string CertificateKey = "GALAXY__TLSCERTIFICATEFILE", KeyKey = "GALAXY__TLSKEYFILE", AuthorityKey = "GALAXY__TLSCAFILE";

    /// <summary>The refusal of a partial TLS configuration.</summary>
    public const string IncompleteMessage = $"mutual TLS needs all three of {CertificateKey}, {KeyKey} and {AuthorityKey}; some are unset";

    private readonly X509Certificate2Collection _authorities;

    private GalaxyTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// The TLS settings of <paramref name="options"/>: null when no TLS file is configured (plain TCP: a laptop's
    /// loopback cluster); otherwise all three files must be given and readable.
    /// </summary>
    /// <exception cref="InvalidInputException">Some but not all files are set, or one cannot be read as what it should be.</exception>
    public static GalaxyTls? Load(GalaxyClusterOptions options)
    {
        string?[] files = [options.TlsCertificateFile, options.TlsKeyFile, options.TlsCaFile];
        if (files.All(string.IsNullOrWhiteSpace)) return null;
        if (files.Any(string.IsNullOrWhiteSpace)) throw new InvalidInputException(IncompleteMessage);
        var certificate = Read(CertificateKey, options.TlsCertificateFile!, () => X509Certificate2.CreateFromPemFile(options.TlsCertificateFile!, options.TlsKeyFile));
        if (!certificate.HasPrivateKey) throw new InvalidInputException($"{KeyKey} {options.TlsKeyFile}: holds no private key for {options.TlsCertificateFile}");
        // A PEM key loads as an ephemeral key; exported and re-imported it is usable by SslStream on every platform.
        var usable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var authorities = new X509Certificate2Collection();
        Read(AuthorityKey, options.TlsCaFile!, () => { authorities.ImportFromPemFile(options.TlsCaFile!); return authorities; });
        if (authorities.Count == 0) throw new InvalidInputException($"{AuthorityKey} {options.TlsCaFile}: holds no certificate");
        return new GalaxyTls(usable, authorities);
    }

    private static T Read<T>(string key, string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidInputException($"{key} {InputText.Brief(file)}: cannot be read as PEM ({e.GetType().Name}: {InputText.Brief(e.Message)})");
        }
    }

    /// <summary>The remoting transport's settings: mutual authentication, our chain check in place of the system store's.</summary>
    public SslOptions ToSslOptions() => new()
    {
        X509Certificate = Certificate,
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        ValidateCertificateHostname = false,
        CustomValidator = Accepts,
    };

    /// <summary>Whether <paramref name="peer"/> chains to one of the configured authorities (called on both ends of every connection).</summary>
    public bool Accepts(X509Certificate2? peer, X509Chain? presented, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (peer is null)
        {
            log.Warning("TLS: refused {RemotePeer}: it presented no certificate", remotePeer);
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // Intermediates the peer sent along, so a CA → intermediate → node chain also builds.
        if (presented is not null)
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        // A private CA publishes no revocation list; rotating the CA (or the node certificates) is how a node is shut out.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(peer)) return true;
        log.Warning("TLS: refused {RemotePeer}: its certificate {Subject} does not chain to the cluster's authority ({Status})",
            remotePeer, peer.Subject, string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
        return false;
    }
}
