package dev.occ.bench.jpa;

import java.util.List;
import org.springframework.security.core.userdetails.User;

/**
 * An account as Spring Security's {@code DaoAuthenticationProvider} checks it (name, hash, enabled,
 * role), carrying the {@link ShopUser} it signs in as.
 */
final class AccountDetails extends User {
  private static final long serialVersionUID = 1L;

  private final ShopUser user;

  AccountDetails(UserAccount account) {
    super(
        account.getUsername(),
        account.getPasswordHash(),
        account.isEnabled(),
        true,
        true,
        true,
        List.of(account.user().role().authority()));
    this.user = account.user();
  }

  /** The user these details sign in as. */
  ShopUser user() {
    return user;
  }
}
