package dev.occ.example.shop.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shop's sign-in settings, under {@code shop.security.*}.
 *
 * @param credentialsCacheTtl how long a verified user name and password are answered from memory
 *     without hashing the password again; 0 turns the cache off
 * @param credentialsCacheSize the most verified credentials kept at once
 * @param throttle when failed sign-ins lock a user name or a client address
 * @param jwt where a bearer token's claims name the user, shop and role
 */
@ConfigurationProperties("shop.security")
public record SecuritySettings(
    @DefaultValue("60s") Duration credentialsCacheTtl,
    @DefaultValue("10000") int credentialsCacheSize,
    @DefaultValue Throttle throttle,
    @DefaultValue Jwt jwt) {

  /** Checks the limits. */
  public SecuritySettings {
    if (credentialsCacheTtl.isNegative() || credentialsCacheSize < 0) {
      throw new IllegalArgumentException(
          "shop.security.credentials-cache-ttl and -size must not be negative");
    }
  }

  /**
   * The throttle on failed sign-ins (see {@link SignInThrottle}).
   *
   * @param maxFailuresPerUser failures of one user name after which it is locked
   * @param maxFailuresPerAddress failures from one client address after which it is locked
   * @param firstLock how long the first lock lasts; each further failure doubles it
   * @param maxLock the longest lock; failures older than this are forgotten
   */
  public record Throttle(
      @DefaultValue("5") int maxFailuresPerUser,
      @DefaultValue("20") int maxFailuresPerAddress,
      @DefaultValue("30s") Duration firstLock,
      @DefaultValue("15m") Duration maxLock) {

    /** Checks the limits. */
    public Throttle {
      if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1) {
        throw new IllegalArgumentException("shop.security.throttle.max-failures-* must be >= 1");
      }
      if (firstLock.isNegative() || firstLock.isZero() || maxLock.compareTo(firstLock) < 0) {
        throw new IllegalArgumentException(
            "shop.security.throttle.first-lock must be positive and at most max-lock");
      }
    }
  }

  /**
   * The claims of a bearer token (JWT) that the shop reads.
   *
   * @param usernameClaim the user's name; {@code sub} when the token lacks it
   * @param shopClaim the id of the user's shop
   * @param roleClaim the user's role, {@code VIEWER} or {@code ADVISOR}
   */
  public record Jwt(
      @DefaultValue("preferred_username") String usernameClaim,
      @DefaultValue("shop") String shopClaim,
      @DefaultValue("shop_role") String roleClaim) {}
}
