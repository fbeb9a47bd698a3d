package dev.occ.example.shop.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * User names and passwords that were verified against their hash a short while ago, so that a
 * script or load test that sends HTTP Basic with every request costs one hash per user per {@code
 * shop.security.credentials-cache-ttl}, not one per request (a bcrypt hash takes tens of
 * milliseconds of CPU, by design).
 *
 * <p>Entries are keyed by an HMAC-SHA256 of the name and password under a random key made when the
 * process starts, never by the password: a heap dump shows no password, and the key cannot be
 * tested offline. The cache is bounded ({@code credentials-cache-size}), entries expire after the
 * TTL, and {@link #forget} drops a user's entries when the account changes.
 */
@Component
public class VerifiedCredentials {
  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;
  private final @Nullable Cache<Key, ShopUser> verified;

  /** Creates the cache with the configured size and time to live. */
  public VerifiedCredentials(SecuritySettings settings) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, HMAC);
    this.verified =
        settings.credentialsCacheTtl().isZero() || settings.credentialsCacheSize() == 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(settings.credentialsCacheSize())
                .expireAfterWrite(settings.credentialsCacheTtl())
                .build();
  }

  /** Returns the user these credentials were verified as, if they were and have not expired. */
  public @Nullable ShopUser find(String username, String password) {
    return verified == null ? null : verified.getIfPresent(key(username, password));
  }

  /**
   * Returns the user these credentials were verified as within the TTL, or runs {@code check}
   * (which throws if they are wrong) and remembers its user.
   */
  public ShopUser verify(String username, String password, Supplier<ShopUser> check) {
    if (verified == null) {
      return check.get();
    }
    // One check per key at a time: requests that arrive with the same credentials while it runs
    // wait for its answer instead of each hashing the password (when an entry expires under load,
    // every request in flight misses it at once). A check that throws leaves nothing behind, so
    // a wrong password is checked, and throttled, every time.
    return verified.get(key(username, password), k -> check.get());
  }

  /** Forgets every verified password of the user: its account changed. */
  public void forget(String username) {
    if (verified != null) {
      verified.asMap().keySet().removeIf(k -> k.username().equals(username));
    }
  }

  /** Returns how many credentials are remembered now. */
  public long size() {
    if (verified == null) {
      return 0;
    }
    verified.cleanUp();
    return verified.estimatedSize();
  }

  private Key key(String username, String password) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      // A separator that neither part can hold unnoticed: ("a", "b:c") and ("a:b", "c") differ.
      mac.update((byte) 0);
      mac.update(password.getBytes(StandardCharsets.UTF_8));
      return new Key(username, HexFormat.of().formatHex(mac.doFinal()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private record Key(String username, String mac) {}
}
