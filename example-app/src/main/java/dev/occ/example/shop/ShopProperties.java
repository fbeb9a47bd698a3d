package dev.occ.example.shop;

import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The shop's settings, under {@code shop.*}.
 *
 * @param zone the zone in which the board counts days ("today", a card's day); the JVM's zone when
 *     not set
 * @param demoData whether to fill an empty appointments table with demo cards at start; when not
 *     set, only on an in-memory H2 database
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxBoardDays the most days one board request may span
 * @param statementTimeout the longest one SQL statement may run, lock waits included
 * @param demoPassword the password of the demo users ({@code north-advisor}, …), set with {@code
 *     SHOP_DEMO_PASSWORD}; hashed when the demo data is seeded, and only then used
 */
@ConfigurationProperties("shop")
public record ShopProperties(
    @Nullable ZoneId zone,
    @Nullable Boolean demoData,
    @DefaultValue("16KB") DataSize maxBodySize,
    @DefaultValue("31") int maxBoardDays,
    @DefaultValue("3s") Duration statementTimeout,
    @DefaultValue(ShopProperties.DEFAULT_DEMO_PASSWORD) String demoPassword) {

  /** The demo users' password unless {@code SHOP_DEMO_PASSWORD} says otherwise. */
  public static final String DEFAULT_DEMO_PASSWORD = "demo-password";

  /** Fills in the zone and checks the limits. */
  public ShopProperties {
    if (zone == null) {
      zone = ZoneId.systemDefault();
    }
    if (maxBoardDays < 1) {
      throw new IllegalArgumentException("shop.max-board-days must be at least 1");
    }
    if (statementTimeout.toSeconds() < 1) {
      // JDBC query timeouts are whole seconds; 0 would mean no timeout at all.
      throw new IllegalArgumentException("shop.statement-timeout must be at least 1s");
    }
    if (demoPassword.isEmpty()) {
      throw new IllegalArgumentException(
          "shop.demo-password (SHOP_DEMO_PASSWORD) must not be empty");
    }
  }

  /** Returns the zone in which the board counts days. */
  @Override
  public ZoneId zone() {
    return java.util.Objects.requireNonNull(zone);
  }
}
