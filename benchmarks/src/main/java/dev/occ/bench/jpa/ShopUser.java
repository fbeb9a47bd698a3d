package dev.occ.bench.jpa;

import java.security.Principal;
import java.util.Objects;

/**
 * The signed-in user of a request: whose shop's cards it sees, and the name a move records as
 * {@code moved_by}.
 *
 * @param username the user's name
 * @param shop the id of the user's shop
 * @param role what the user may do there
 */
public record ShopUser(String username, String shop, Role role) implements Principal {

  /** Checks that every part is there. */
  public ShopUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(shop, "shop");
    Objects.requireNonNull(role, "role");
  }

  @Override
  public String getName() {
    return username;
  }
}
