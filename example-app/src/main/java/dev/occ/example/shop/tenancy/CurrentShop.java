package dev.occ.example.shop.tenancy;

import dev.occ.example.shop.security.ShopUser;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The shop whose rows the current thread's transactions may see: the signed-in user's, or one named
 * for work that runs without a user (the demo data). None means none: on PostgreSQL the row-level
 * security policies then show no row at all.
 */
public final class CurrentShop {
  private static final ThreadLocal<@Nullable String> NAMED = new ThreadLocal<>();

  private CurrentShop() {}

  /** Returns the shop named for this thread, else the signed-in user's, else null. */
  public static @Nullable String get() {
    String named = NAMED.get();
    if (named != null) {
      return named;
    }
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.getPrincipal() instanceof ShopUser user
        ? user.shop()
        : null;
  }

  /** Runs work whose transactions see the shop's rows, whoever is signed in. */
  public static <T> T callAs(String shop, Supplier<T> work) {
    Objects.requireNonNull(shop, "shop");
    String before = NAMED.get();
    NAMED.set(shop);
    try {
      return work.get();
    } finally {
      if (before == null) {
        NAMED.remove();
      } else {
        NAMED.set(before);
      }
    }
  }
}
