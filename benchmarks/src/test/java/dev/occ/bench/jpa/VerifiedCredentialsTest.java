package dev.occ.bench.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The peer's cache of verified credentials over Spring Security's own provider and a real bcrypt
 * encoder that counts its checks: a right password is hashed once within the TTL, anything else
 * every time.
 */
class VerifiedCredentialsTest {
  private static final String PASSWORD = "demo-password";

  private final AtomicInteger hashed = new AtomicInteger();
  private final VerifiedCredentials credentials;

  VerifiedCredentialsTest() {
    // Strength 4, the least bcrypt allows: the test counts checks, it does not time them.
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    PasswordEncoder counting =
        new PasswordEncoder() {
          @Override
          public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
          }

          @Override
          public boolean matches(CharSequence raw, String encoded) {
            hashed.incrementAndGet();
            return bcrypt.matches(raw, encoded);
          }
        };
    String hash = bcrypt.encode(PASSWORD);
    Map<String, UserAccount> accounts =
        Map.of(
            "north-advisor",
            new UserAccount("north-advisor", hash, "north", Role.ADVISOR, true),
            "gone",
            new UserAccount("gone", hash, "north", Role.VIEWER, false));
    DaoAuthenticationProvider passwords =
        new DaoAuthenticationProvider(
            name -> {
              UserAccount account = accounts.get(name);
              if (account == null) {
                throw new UsernameNotFoundException("No such user");
              }
              return new AccountDetails(account);
            });
    passwords.setPasswordEncoder(counting);
    credentials = new VerifiedCredentials(passwords, Duration.ofSeconds(60), 100);
  }

  private Authentication signIn(String user, String password) {
    return credentials.authenticate(
        UsernamePasswordAuthenticationToken.unauthenticated(user, password));
  }

  @Test
  void aRightPasswordIsHashedOnceWithinTheTtlAndSignsInTheShopUser() {
    Authentication first = signIn("north-advisor", PASSWORD);
    int afterFirst = hashed.get();
    Authentication second = signIn("north-advisor", PASSWORD);

    assertThat(afterFirst).isEqualTo(1);
    assertThat(hashed.get()).isEqualTo(1);
    for (Authentication a : new Authentication[] {first, second}) {
      assertThat(a.isAuthenticated()).isTrue();
      assertThat(a.getPrincipal()).isEqualTo(new ShopUser("north-advisor", "north", Role.ADVISOR));
      assertThat(a.getCredentials()).isNull();
      assertThat(a.getAuthorities())
          .extracting(GrantedAuthority::getAuthority)
          .containsExactly("ROLE_ADVISOR");
    }
  }

  @Test
  void aWrongPasswordIsHashedEveryTimeEvenAfterTheRightOneWasRemembered() {
    signIn("north-advisor", PASSWORD);

    assertThatThrownBy(() -> signIn("north-advisor", "not-" + PASSWORD))
        .isInstanceOf(BadCredentialsException.class);
    assertThatThrownBy(() -> signIn("north-advisor", "not-" + PASSWORD))
        .isInstanceOf(BadCredentialsException.class);

    assertThat(hashed.get()).isEqualTo(3);
  }

  @Test
  void unknownAndDisabledUsersAreRefusedAndNeverRemembered() {
    assertThatThrownBy(() -> signIn("nobody", PASSWORD))
        .isInstanceOf(BadCredentialsException.class);
    assertThatThrownBy(() -> signIn("gone", PASSWORD)).isInstanceOf(DisabledException.class);
    assertThatThrownBy(() -> signIn("gone", PASSWORD)).isInstanceOf(DisabledException.class);
  }
}
