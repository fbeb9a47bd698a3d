package dev.occ.spring.boot.web;

import dev.occ.spring.boot.OccProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Web auto-configuration for Spring MVC applications: the {@link OccExceptionHandler} that answers
 * occ's exceptions with problem details (showing of a conflict's row what the {@link
 * OccConflictBody} picks), and the {@link OccHttp} If-Match helper.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "occ.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "occ.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OccProperties.class)
public final class OccWebAutoConfiguration {
  /**
   * Shows the current row in conflict answers only if {@code occ.web.include-current-row} says so,
   * unless the application brings its own choice.
   */
  @Bean
  @ConditionalOnMissingBean
  public OccConflictBody occConflictBody(OccProperties properties) {
    return properties.getWeb().isIncludeCurrentRow()
        ? OccConflictBody.CURRENT_ROW
        : OccConflictBody.VERSIONS_ONLY;
  }

  /** Answers occ's exceptions unless the application brings its own handler bean. */
  @Bean
  @ConditionalOnMissingBean
  public OccExceptionHandler occExceptionHandler(
      OccProperties properties, OccConflictBody conflictBody) {
    return new OccExceptionHandler(properties.getWeb().getRetryAfter(), conflictBody);
  }

  /** Reads expected versions from If-Match as {@code occ.web.require-if-match} says. */
  @Bean
  @ConditionalOnMissingBean
  public OccHttp occHttp(OccProperties properties) {
    return new OccHttp(properties.getWeb().isRequireIfMatch());
  }
}
