package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.TestDatabases;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Which observations the app makes: Spring Security's per-filter, authentication and authorization
 * observations are off (they cost CPU on every request for spans nobody reads); the request's and
 * occ's stay.
 */
@SpringBootTest(properties = "shop.demo-data=false")
class ObservationSettingsTest {
  @Autowired ObservationRegistry registry;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry properties) {
    String url = TestDatabases.freshH2Url();
    properties.add("spring.datasource.url", () -> url);
  }

  @Test
  void springSecurityIsNotObservedButRequestsAndOccAre() {
    assertThat(Observation.start("spring.security.filterchains", registry).isNoop()).isTrue();
    assertThat(Observation.start("spring.security.authentications", registry).isNoop()).isTrue();
    assertThat(Observation.start("http.server.requests", registry).isNoop()).isFalse();
    assertThat(Observation.start("occ.operation", registry).isNoop()).isFalse();
  }
}
