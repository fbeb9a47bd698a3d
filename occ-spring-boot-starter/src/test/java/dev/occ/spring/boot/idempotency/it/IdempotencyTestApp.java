package dev.occ.spring.boot.idempotency.it;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A user's application in miniature with one idempotent endpoint, {@code POST /notes}; requests
 * sign in as the user their {@code X-User} header names, as a security filter would.
 */
@SpringBootApplication
public class IdempotencyTestApp {
  /** Makes {@code X-User} the request's principal. */
  @Bean
  Filter signInFromHeader() {
    return (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader("X-User");
      chain.doFilter(
          user == null
              ? request
              : new HttpServletRequestWrapper(http) {
                @Override
                public Principal getUserPrincipal() {
                  return () -> user;
                }
              },
          response);
    };
  }
}
