package dev.occ.bench.jpa;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call, as in the example app: HTTP Basic against the {@code users} table, {@code VIEWER}
 * reads, {@code ADVISOR} also moves, {@code /healthz} is open. Stateless: a request is signed in by
 * its {@code Authorization} header alone, no session is made, and so there is no CSRF check (a
 * browser never adds that header to a request another site makes it send).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {
  private static final String MOVE = "/api/admin/appointments/*/move";

  /**
   * Spring Security's provider (the account by name, then {@code DelegatingPasswordEncoder}'s
   * bcrypt check, which reads the hash's {@code {bcrypt}} prefix) behind the cache of verified
   * credentials.
   */
  @Bean
  AuthenticationProvider shopUsers(
      UserAccountRepository accounts,
      @Value("${shop.security.credentials-cache-ttl:60s}") Duration ttl,
      @Value("${shop.security.credentials-cache-size:10000}") long size) {
    DaoAuthenticationProvider passwords =
        new DaoAuthenticationProvider(
            username ->
                accounts
                    .findById(username)
                    .map(AccountDetails::new)
                    .orElseThrow(() -> new UsernameNotFoundException("No such user")));
    passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    return new VerifiedCredentials(passwords, ttl, size);
  }

  /** The API, its health check, and nothing else without a signed-in user. */
  @Bean
  SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
    SecurityAnswers answers = new SecurityAnswers(json);
    return http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/healthz", "/error")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, MOVE)
                    .hasRole(Role.ADVISOR.name())
                    .anyRequest()
                    .hasAnyRole(Role.VIEWER.name(), Role.ADVISOR.name()))
        .httpBasic(b -> b.realmName(SecurityAnswers.REALM).authenticationEntryPoint(answers))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        .requestCache(r -> r.disable())
        .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
        .build();
  }
}
