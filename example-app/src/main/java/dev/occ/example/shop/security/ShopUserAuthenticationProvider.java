package dev.occ.example.shop.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a user name and password, from the sign-in form or an HTTP Basic header, against the
 * {@code users} table: first the {@link SignInThrottle}, then the {@link VerifiedCredentials} of
 * the last minute, and only then the password's hash. The result's principal is the {@link
 * ShopUser}.
 */
public final class ShopUserAuthenticationProvider implements AuthenticationProvider {
  private final UserAccounts accounts;
  private final PasswordEncoder passwords;
  private final VerifiedCredentials verified;
  private final SignInThrottle throttle;

  /** A hash of a random password, checked for unknown names so they take as long as known ones. */
  private final String decoy;

  /** Creates the provider. */
  public ShopUserAuthenticationProvider(
      UserAccounts accounts,
      PasswordEncoder passwords,
      VerifiedCredentials verified,
      SignInThrottle throttle) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.verified = verified;
    this.throttle = throttle;
    this.decoy = passwords.encode(UUID.randomUUID().toString());
  }

  @Override
  public Authentication authenticate(Authentication attempt) {
    String username = attempt.getName();
    String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
    String address =
        attempt.getDetails() instanceof WebAuthenticationDetails web
                && web.getRemoteAddress() != null
            ? web.getRemoteAddress()
            : "unknown";
    throttle.check(username, address);

    ShopUser user =
        verified.verify(
            username,
            password,
            () -> {
              Optional<UserAccounts.Account> account = accounts.find(username);
              boolean matches =
                  passwords.matches(
                      password, account.map(UserAccounts.Account::passwordHash).orElse(decoy));
              if (account.isEmpty() || !matches || !account.get().enabled()) {
                throttle.failed(username, address);
                throw new BadCredentialsException("Wrong user name or password");
              }
              return account.get().user();
            });
    throttle.succeeded(username);
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
}
