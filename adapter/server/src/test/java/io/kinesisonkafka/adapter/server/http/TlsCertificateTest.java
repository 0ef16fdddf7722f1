package io.kinesisonkafka.adapter.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate the TLS port presents: configured PEM files, or a self-signed one. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TlsCertificateTest {
  @TempDir Path dir;

  @Test
  void the_self_signed_certificate_names_localhost_and_the_loopback_addresses() throws Exception {
    X509Certificate certificate = ServerTls.selfSigned().chain()[0];

    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .contains("localhost", "127.0.0.1");
    assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void a_server_given_a_pkcs1_key_presents_the_configured_certificate() throws Exception {
    ServerTls.KeyAndChain material = ServerTls.selfSigned();
    Path chain = write("chain.pem", material.chain()[0]);
    Path key = write("key.pem", new KeyPair(publicKey(material), material.key()));

    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(presented(chain, key)).isEqualTo(material.chain()[0]);
  }

  @Test
  void a_server_given_a_pkcs8_key_presents_the_configured_certificate() throws Exception {
    ServerTls.KeyAndChain material = ServerTls.selfSigned();
    Path chain = write("chain.pem", material.chain()[0]);
    Path key = write("key8.pem", new JcaPKCS8Generator(material.key(), null));

    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(presented(chain, key)).isEqualTo(material.chain()[0]);
  }

  private static Certificate presented(Path chain, Path key) throws Exception {
    try (TestApi api = new TestApi();
        HttpServer server =
            HttpServer.start(
                HttpServerConfig.custom()
                    .host("127.0.0.1")
                    .plainPort(HttpServerConfig.OFF)
                    .tlsPort(0)
                    .eventLoopThreads(1)
                    .certificate(chain, key)
                    .build(),
                api,
                Endpoints.alwaysReady());
        SSLSocket socket =
            (SSLSocket)
                RawHttp.trustAll().getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
      socket.startHandshake();
      return List.of(socket.getSession().getPeerCertificates()).get(0);
    }
  }

  private static PublicKey publicKey(ServerTls.KeyAndChain material) throws Exception {
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) material.key();
    return KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
  }

  private Path write(String name, Object pemObject) throws Exception {
    Path file = dir.resolve(name);
    try (Writer writer = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(pemObject);
    }
    return file;
  }
}
