package dev.occ.bench.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A row of the example app's {@code users} table, which the example app writes (its demo data signs
 * the demo users up) and the peer only reads: the password as Spring Security's {@code
 * DelegatingPasswordEncoder} stores it ({@code {bcrypt}$2a$10$…}), the shop, the role.
 */
@Entity
@Immutable
@Table(name = "users")
public class UserAccount {
  @Id private String username = "";

  @Column(name = "password_hash", nullable = false)
  private String passwordHash = "";

  @Column(name = "shop_id", nullable = false)
  private String shopId = "";

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Role role = Role.VIEWER;

  @Column(nullable = false)
  private boolean enabled;

  /** For JPA. */
  protected UserAccount() {}

  /** An account as a row would hold it, for tests; the peer itself never writes one. */
  UserAccount(String username, String passwordHash, String shopId, Role role, boolean enabled) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.shopId = shopId;
    this.role = role;
    this.enabled = enabled;
  }

  /** The user's name. */
  public String getUsername() {
    return username;
  }

  /** The encoded password, its algorithm in braces first. */
  public String getPasswordHash() {
    return passwordHash;
  }

  /** Whether the account may sign in. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The user this account signs in as. */
  public ShopUser user() {
    return new ShopUser(username, shopId, role);
  }
}
