package io.kinesisonkafka.adapter.server.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS side of the server: the Netty {@link SslContext} with ALPN offering h2 and http/1.1, from
 * configured PEM files or a self-signed certificate.
 *
 * <p>Why BouncyCastle: Netty's {@code SelfSignedCertificate} falls back to {@code sun.security}
 * internals on JDK 17, and Netty's own PEM reader takes only PKCS#8 keys, while {@code openssl} and
 * most tooling write PKCS#1 or SEC1 keys.
 */
final class ServerTls {

  /** A private key and its certificate chain, leaf first. */
  record KeyAndChain(PrivateKey key, X509Certificate[] chain) {}

  private static KeyAndChain selfSigned;

  private ServerTls() {}

  static SslContext sslContext(HttpServerConfig config) throws IOException {
    KeyAndChain material =
        config.selfSigned()
            ? selfSigned()
            : readPem(config.certificateChain(), config.privateKey());
    // Clients decide HTTP/2 after the handshake: ALPN "h2", or no ALPN at all and a bare preface
    // (the Java SDK's default); NO_ADVERTISE + ACCEPT keeps a handshake without ALPN working.
    ApplicationProtocolConfig alpn =
        new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);
    return SslContextBuilder.forServer(material.key(), material.chain())
        .protocols("TLSv1.3", "TLSv1.2")
        // The HTTP/2 cipher list (RFC 7540 appendix A allowed suites) is also the list the Java
        // SDK's Netty client restricts itself to; OpenSSL and JDK clients all support it.
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(alpn)
        .build();
  }

  /**
   * A self-signed certificate for localhost, 127.0.0.1 and ::1. Made once per process: RSA key
   * generation costs a noticeable fraction of a second and every server of the process can share
   * it.
   */
  static synchronized KeyAndChain selfSigned() {
    if (selfSigned == null) {
      try {
        selfSigned = generateSelfSigned();
      } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
        throw new IllegalStateException("Cannot make a self-signed certificate", e);
      }
    }
    return selfSigned;
  }

  private static KeyAndChain generateSelfSigned()
      throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, new SecureRandom());
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=localhost, O=kinesis-on-kafka");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(3650))),
            name,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.iPAddress, "::1")
            }));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509CertificateHolder holder =
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
    return new KeyAndChain(pair.getPrivate(), new X509Certificate[] {certificate});
  }

  /** Reads a PEM certificate chain and an unencrypted PEM private key in any common encoding. */
  static KeyAndChain readPem(Path chainFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
    for (Object o : readAll(chainFile)) {
      if (o instanceof X509CertificateHolder holder) {
        try {
          chain.add(certificates.getCertificate(holder));
        } catch (GeneralSecurityException e) {
          throw new IOException("Bad certificate in " + chainFile, e);
        }
      }
    }
    if (chain.isEmpty()) {
      throw new IOException("No PEM certificate in " + chainFile);
    }
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    for (Object o : readAll(keyFile)) {
      if (o instanceof PEMKeyPair pair) {
        return new KeyAndChain(
            keys.getKeyPair(pair).getPrivate(), chain.toArray(X509Certificate[]::new));
      }
      if (o instanceof PrivateKeyInfo info) {
        return new KeyAndChain(keys.getPrivateKey(info), chain.toArray(X509Certificate[]::new));
      }
    }
    throw new IOException("No unencrypted PEM private key in " + keyFile);
  }

  private static List<Object> readAll(Path file) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        objects.add(o);
      }
    }
    return objects;
  }
}
