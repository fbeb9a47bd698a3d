package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer tokens (JWT) from an identity provider, switched on by {@code
 * spring.security.oauth2.resourceserver.jwt.jwk-set-uri}: the provider here is a key pair made by
 * the test and its public key served as a JWK set by a tiny HTTP server of the test. A token's
 * {@code shop} and {@code shop_role} claims make its user; a token that is expired, signed by
 * another key or lacks a shop is a 401.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "shop.demo-data=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JwtResourceServerTest {
  private static final RSAKey KEY = rsaKey("provider");
  private static final RSAKey OTHER_KEY = rsaKey("someone-else");
  private static HttpServer jwks;

  @LocalServerPort int port;
  @Autowired Occ occ;

  private Appointments rows;
  private long card;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, keys.length);
          exchange.getResponseBody().write(keys);
          exchange.close();
        });
    jwks.start();
    String url = TestDatabases.freshH2Url();
    registry.add("spring.datasource.url", () -> url);
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
  }

  @AfterAll
  static void stopKeyServer() {
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  @BeforeEach
  void data() {
    rows = new Appointments(occ);
    card = rows.create(Status.SCHEDULED, Instant.now());
  }

  @Test
  void anAdvisorsTokenMovesACardAndTheMoveIsSignedWithTheTokensUser() {
    Api api =
        bearer(
            token(
                KEY,
                Map.of("preferred_username", "ada", "shop", "north", "shop_role", "ADVISOR"),
                300));

    Api.Reply moved = api.move(card, "READY", 1);

    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.headers().allValues("Set-Cookie")).isEmpty();
    Api.Reply me = api.get("/api/me");
    assertThat(me.data().get("username").stringValue()).isEqualTo("ada");
    assertThat(me.data().get("shop").stringValue()).isEqualTo("north");
    assertThat(api.history(card).data().get("moves").get(0).get("moved_by").stringValue())
        .isEqualTo("ada");
  }

  @Test
  void aViewersTokenReadsButMayNotMove() {
    Api api = bearer(token(KEY, Map.of("sub", "vic", "shop", "north", "shop_role", "VIEWER"), 300));

    assertThat(api.get("/api/admin/appointments/board").status()).isEqualTo(200);
    Api.Reply move = api.move(card, "READY", 1);
    assertThat(move.status()).isEqualTo(403);
    assertThat(move.error().get("code").stringValue()).isEqualTo("FORBIDDEN");
    assertThat(rows.version(card)).isEqualTo(1);
  }

  @Test
  void anExpiredTokenIs401() {
    assertRefused(token(KEY, Map.of("sub", "old", "shop", "north", "shop_role", "ADVISOR"), -120));
  }

  @Test
  void aTokenSignedByAnotherKeyIs401() {
    assertRefused(
        token(OTHER_KEY, Map.of("sub", "eve", "shop", "north", "shop_role", "ADVISOR"), 300));
  }

  @Test
  void aTokenWithoutAShopOrWithAnUnknownRoleIs401() {
    assertRefused(token(KEY, Map.of("sub", "nomad", "shop_role", "ADVISOR"), 300));
    assertRefused(token(KEY, Map.of("sub", "boss", "shop", "north", "shop_role", "OWNER"), 300));
  }

  private void assertRefused(String token) {
    Api api = bearer(token);
    Api.Reply move = api.move(card, "READY", 1);

    assertThat(move.status()).as(move.body()).isEqualTo(401);
    assertThat(move.error().get("code").stringValue()).isEqualTo("UNAUTHENTICATED");
    assertThat(move.headers().allValues("WWW-Authenticate"))
        .contains("Bearer error=\"invalid_token\"");
    assertThat(rows.version(card)).isEqualTo(1);
    assertThat(rows.moveCount(card)).isZero();
  }

  private Api bearer(String token) {
    return Api.withAuthorization(port, "Bearer " + token);
  }

  private static String token(RSAKey key, Map<String, Object> claims, long expiresInSeconds) {
    JWTClaimsSet.Builder set =
        new JWTClaimsSet.Builder()
            .issueTime(Date.from(Instant.now().minusSeconds(600)))
            .expirationTime(Date.from(Instant.now().plusSeconds(expiresInSeconds)));
    claims.forEach(set::claim);
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), set.build());
      jwt.sign(new RSASSASigner(key.toRSAPrivateKey()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey rsaKey(String id) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
          .privateKey((RSAPrivateKey) pair.getPrivate())
          .keyID(id)
          .build();
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
