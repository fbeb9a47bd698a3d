package dev.occ.example.shop.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/** How the API reads JSON, on top of the {@code spring.jackson.*} settings. */
@Configuration(proxyBeanMethods = false)
public class JsonSettings {

  /**
   * Refuses a body that names a property twice: {@code {"status":"READY","status":"SCHEDULED"}}
   * would otherwise mean whichever came last, and a client (or a proxy in between) that reads the
   * first would believe another move was made. Spring Boot has no property for this stream feature;
   * {@link ApiExceptionHandler} answers it with 400 naming the property.
   */
  @Bean
  public JsonMapperBuilderCustomizer strictDuplicateDetection() {
    return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }
}
