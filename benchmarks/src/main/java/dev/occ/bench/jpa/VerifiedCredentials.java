package dev.occ.bench.jpa;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Checks HTTP Basic credentials with Spring Security's own provider (the user's row and its bcrypt
 * hash) and remembers, for a while, the ones that passed.
 *
 * <p>Why remember: a bcrypt check costs tens of milliseconds of CPU by design, and the load test
 * sends Basic credentials with every request. The example app remembers a verified name and
 * password for 60 s ({@code shop.security.credentials-cache-ttl}); a peer that hashed on every
 * request would spend most of its CPU on bcrypt, and the comparison would measure that, not the
 * data access. With the same TTL both apps pay bcrypt about equally rarely: once per user per
 * minute.
 *
 * <p>The cache is keyed by an HMAC-SHA256 of name and password under a key drawn at start, never by
 * the password, so the heap holds no password and no value to test guesses against offline. It is
 * bounded and entries expire after the TTL; a failed check is never remembered. The peer never
 * changes an account, so an account the example app changes or disables is honoured here after at
 * most the TTL.
 */
final class VerifiedCredentials implements AuthenticationProvider {
  private static final String HMAC = "HmacSHA256";

  private final AuthenticationProvider passwords;
  private final SecretKeySpec key;
  private final Cache<String, ShopUser> verified;

  /**
   * Creates the provider.
   *
   * @param passwords checks a name and password against the users table; its principal is {@link
   *     AccountDetails}
   * @param ttl how long verified credentials are remembered
   * @param size the most credentials remembered at once
   */
  VerifiedCredentials(AuthenticationProvider passwords, Duration ttl, long size) {
    this.passwords = passwords;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, HMAC);
    this.verified = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
  }

  @Override
  public Authentication authenticate(Authentication attempt) {
    Object credentials = attempt.getCredentials();
    String password = credentials == null ? "" : credentials.toString();
    // Requests with the same credentials that arrive while one check runs wait for its answer
    // rather than each hashing; a check that throws (wrong password, unknown or disabled user)
    // leaves no entry, so the next attempt is checked again.
    ShopUser user =
        verified.get(
            key(attempt.getName(), password),
            k -> ((AccountDetails) passwords.authenticate(attempt).getPrincipal()).user());
    UsernamePasswordAuthenticationToken signedIn =
        UsernamePasswordAuthenticationToken.authenticated(
            user, null, List.of(user.role().authority()));
    signedIn.setDetails(attempt.getDetails());
    return signedIn;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private String key(String username, String password) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      // A byte no name holds between the two, so "a" + "b:c" and "a:b" + "c" differ.
      mac.update((byte) 0);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " is not available", e);
    }
  }
}
