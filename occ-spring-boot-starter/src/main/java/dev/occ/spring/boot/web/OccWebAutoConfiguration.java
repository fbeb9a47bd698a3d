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
 * occ's exceptions with problem details, and the {@link OccHttp} If-Match helper.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "occ.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "occ.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OccProperties.class)
public final class OccWebAutoConfiguration {
  /** Answers occ's exceptions unless the application brings its own handler bean. */
  @Bean
  @ConditionalOnMissingBean
  public OccExceptionHandler occExceptionHandler(OccProperties properties) {
    return new OccExceptionHandler(properties.getWeb().getRetryAfter());
  }

  /** Reads expected versions from If-Match as {@code occ.web.require-if-match} says. */
  @Bean
  @ConditionalOnMissingBean
  public OccHttp occHttp(OccProperties properties) {
    return new OccHttp(properties.getWeb().isRequireIfMatch());
  }
}
