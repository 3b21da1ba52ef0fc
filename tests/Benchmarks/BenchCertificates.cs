using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// A throw-away certificate authority and a server certificate for 127.0.0.1 that it signs, made for one benchmark
/// run. The authority's PEM is what a client process trusts through SSL_CERT_FILE (OpenSSL's trust store on Linux),
/// so the module validates the server as it would any other: nothing in the module is told to skip a check.
/// </summary>
internal static class BenchCertificates
{
    /// <summary>Writes the authority to <paramref name="authorityPemPath"/> and returns the server certificate with its key.</summary>
    public static X509Certificate2 CreateServerCertificate(string authorityPemPath)
    {
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        DateTimeOffset notAfter = DateTimeOffset.UtcNow.AddDays(1);

        using RSA authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=ZApi.Status benchmark authority", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using X509Certificate2 authority = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using RSA serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        using X509Certificate2 signed = serverRequest.Create(authority, notBefore, notAfter, serial);

        File.WriteAllText(authorityPemPath, authority.ExportCertificatePem());
        // A PKCS#12 round trip gives a certificate whose key TLS can use on every platform.
        using X509Certificate2 withKey = signed.CopyWithPrivateKey(serverKey);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
