package dev.occ.bench.jpa;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a user may do in their shop, as the {@code users.role} column says. */
public enum Role {
  /** Reads the board and the histories. */
  VIEWER,
  /** Also moves cards. */
  ADVISOR;

  /** The Spring Security authority of the role: {@code ROLE_VIEWER} or {@code ROLE_ADVISOR}. */
  public GrantedAuthority authority() {
    return new SimpleGrantedAuthority("ROLE_" + name());
  }
}
