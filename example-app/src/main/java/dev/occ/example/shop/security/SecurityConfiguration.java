package dev.occ.example.shop.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what (DESIGN.md, "Who may call"). Three filter chains:
 *
 * <ol>
 *   <li>the management server's port (actuator, bound to 127.0.0.1 by default): open;
 *   <li>{@code /api/**}: a session from the sign-in form (CSRF-protected), HTTP Basic, or, when an
 *       issuer or key set is configured, a JWT bearer token; {@code VIEWER} reads, {@code ADVISOR}
 *       also moves; failures answered in the contract's envelope ({@link SecurityAnswers});
 *   <li>everything else: the board page and its files need a session (else the sign-in page), the
 *       sign-in page, {@code /healthz} and {@code /error} are open, {@code /actuator/**} is closed
 *       on the app's port.
 * </ol>
 *
 * <p>A request that carries an {@code Authorization} header (Basic or Bearer) is authenticated by
 * that header alone, creates no session and needs no CSRF token: a browser never adds that header
 * to a request another site makes it send (a script would need CORS, which the app does not allow),
 * and the page's own requests are marked so that a browser never learns a Basic password to add by
 * itself (see {@link SecurityAnswers}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {
  /** The sign-in page: the one request of a stranger that opens a session (for its CSRF token). */
  static final String SIGN_IN_PAGE = "/login";

  /** The move endpoint, which only advisors may call. */
  static final String MOVE = "/api/admin/appointments/*/move";

  /**
   * The page's scripts and styles are its own files only, never inline; nothing may frame it.
   * {@code data:} images for the empty favicon link.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final RequestMatcher AUTHORIZATION_HEADER =
      request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null;

  @Bean
  SignInThrottle signInThrottle(SecuritySettings settings) {
    return new SignInThrottle(settings.throttle(), Clock.systemUTC());
  }

  @Bean
  ShopUserAuthenticationProvider shopUserAuthenticationProvider(
      UserAccounts accounts,
      PasswordEncoder passwords,
      VerifiedCredentials verified,
      SignInThrottle throttle) {
    return new ShopUserAuthenticationProvider(accounts, passwords, verified, throttle);
  }

  @Bean
  SecurityAnswers securityAnswers(JsonMapper json, ObjectProvider<JwtDecoder> jwt) {
    return new SecurityAnswers(json, jwt.getIfAvailable() != null);
  }

  /** Actuator on the management server's own port: open to whoever can reach that address. */
  @Bean
  @Order(1)
  SecurityFilterChain management(HttpSecurity http, Environment environment) throws Exception {
    return http.securityMatcher(request -> onManagementPort(request, environment))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .requestCache(r -> r.disable())
        .build();
  }

  /** The API. */
  @Bean
  @Order(2)
  SecurityFilterChain api(
      HttpSecurity http,
      SecurityAnswers answers,
      ObjectProvider<JwtDecoder> jwt,
      SecuritySettings settings)
      throws Exception {
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.POST, MOVE)
                    .hasRole(Role.ADVISOR.name())
                    .anyRequest()
                    .hasAnyRole(Role.VIEWER.name(), Role.ADVISOR.name()))
        .httpBasic(b -> b.realmName(SecurityAnswers.REALM).authenticationEntryPoint(answers))
        .csrf(
            c ->
                c.csrfTokenRepository(new SessionBoundCsrfTokens(SIGN_IN_PAGE))
                    .ignoringRequestMatchers(AUTHORIZATION_HEADER))
        .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
        // An API request is never replayed after a sign-in, so it is never saved for that.
        .requestCache(r -> r.disable())
        .headers(SecurityConfiguration::headers);
    JwtDecoder decoder = jwt.getIfAvailable();
    if (decoder != null) {
      http.oauth2ResourceServer(
          o ->
              o.authenticationEntryPoint(answers)
                  .accessDeniedHandler(answers)
                  .jwt(
                      j ->
                          j.decoder(decoder)
                              .jwtAuthenticationConverter(new JwtShopUsers(settings.jwt()))));
    }
    return http.build();
  }

  /** The board page, its files, the sign-in page and the rest. */
  @Bean
  @Order(3)
  SecurityFilterChain web(HttpSecurity http, SecurityAnswers answers) throws Exception {
    AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/login");
    AuthenticationEntryPoint entryPoint =
        (request, response, failure) ->
            (wantsPage(request) ? signIn : answers).commence(request, response, failure);
    AccessDeniedHandler denied =
        (request, response, failure) -> {
          if (wantsPage(request) && failure instanceof CsrfException) {
            // A sign-in or sign-out form whose CSRF token went with an expired session.
            response.sendRedirect(request.getContextPath() + "/login?expired");
          } else {
            answers.handle(request, response, failure);
          }
        };
    return http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/healthz", "/error", "/login", "/board.css")
                    .permitAll()
                    .requestMatchers("/actuator", "/actuator/**")
                    .denyAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage("/login")
                    .failureHandler(
                        (request, response, failure) ->
                            response.sendRedirect(
                                request.getContextPath()
                                    + (failure instanceof SignInThrottledException
                                        ? "/login?locked"
                                        : "/login?error"))))
        .httpBasic(b -> b.realmName(SecurityAnswers.REALM).authenticationEntryPoint(answers))
        .logout(l -> l.logoutSuccessUrl("/login?signed-out"))
        .csrf(
            c ->
                c.csrfTokenRepository(new SessionBoundCsrfTokens(SIGN_IN_PAGE))
                    .ignoringRequestMatchers(AUTHORIZATION_HEADER))
        // A stranger's request is not kept in a session to be replayed after a sign-in: every
        // sign-in lands on the board, the app's one page.
        .requestCache(r -> r.disable())
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
        .headers(SecurityConfiguration::headers)
        .build();
  }

  private static void headers(HeadersConfigurer<HttpSecurity> headers) {
    headers
        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
        .referrerPolicy(
            r ->
                r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
        .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
        .contentTypeOptions(Customizer.withDefaults());
  }

  /** A browser navigating (it asks for HTML) rather than a script or the page's fetch. */
  private static boolean wantsPage(HttpServletRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  private static boolean onManagementPort(HttpServletRequest request, Environment environment) {
    String port = environment.getProperty("local.management.port");
    String server = environment.getProperty("local.server.port");
    return port != null
        && !port.equals(server)
        && Integer.toString(request.getLocalPort()).equals(port);
  }
}
