package dev.occ.example.shop.security;

import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a signed-in user may do in their shop. */
public enum Role {
  /** Sees the board and the cards' histories. */
  VIEWER,
  /** Also moves cards. */
  ADVISOR;

  /**
   * Returns the Spring Security authority of the role, {@code ROLE_VIEWER} or {@code ROLE_ADVISOR}.
   */
  public GrantedAuthority authority() {
    return new SimpleGrantedAuthority("ROLE_" + name());
  }

  /** Returns the role with exactly this name, if there is one. */
  public static Optional<Role> byName(String name) {
    for (Role r : values()) {
      if (r.name().equals(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
