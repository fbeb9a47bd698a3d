package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.appointments.DemoData;
import dev.occ.example.shop.support.Appointments;
import dev.occ.testing.TestDatabases;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** On PostgreSQL demo data is opt-in, and it fills only an empty table. */
class DemoDataIntegrationTest {

  @Test
  void demoDataIsOffUnlessAskedForAndFillsOnlyAnEmptyTable() {
    try (TestDatabases.Schema schema = TestDatabases.freshPostgresSchema("demo")) {
      try (ConfigurableApplicationContext plain = start(schema, null)) {
        assertThat(new Appointments(PostgresProperties.owner(schema)).count()).isZero();
      }
      try (ConfigurableApplicationContext demo = start(schema, true)) {
        Appointments rows = new Appointments(PostgresProperties.owner(schema));
        long filled = rows.count();
        assertThat(filled).isGreaterThanOrEqualTo(20);

        LocalDate today = LocalDate.now(demo.getBean(ShopProperties.class).zone());
        assertThat(demo.getBean(DemoData.class).fillIfEmpty(today)).isZero();
        assertThat(rows.count()).isEqualTo(filled);
      }
    }
  }

  private static ConfigurableApplicationContext start(
      TestDatabases.Schema schema, Boolean demoData) {
    Map<String, Object> properties = PostgresProperties.of(schema);
    if (demoData != null) {
      properties.put("shop.demo-data", demoData);
    }
    return PostgresProperties.start(
        new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE),
        properties);
  }
}
