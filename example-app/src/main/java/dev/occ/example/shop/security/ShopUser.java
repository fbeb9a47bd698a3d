package dev.occ.example.shop.security;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * A signed-in member of a shop's staff: the principal of every authenticated request, whether it
 * signed in with the form, HTTP Basic or a bearer token. Its name is what the idempotency store
 * keys a caller by and what a move records as {@code moved_by}.
 *
 * @param username the user's name
 * @param shop the id of the shop whose cards the user sees
 * @param role what the user may do there
 */
public record ShopUser(String username, String shop, Role role) implements Principal, Serializable {

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
