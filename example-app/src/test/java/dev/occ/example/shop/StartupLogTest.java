package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.support.Api;
import dev.occ.testing.TestDatabases;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The run command says where to sign in: with demo data, a log line names the board's URL, the demo
 * users and their password; and those users sign in with it.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTest {

  @Test
  void theStartLogsWhereAndAsWhomToSignIn(CapturedOutput output) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", TestDatabases.freshH2Url());
    properties.put("server.port", 0);
    try (ConfigurableApplicationContext app =
        PostgresProperties.start(new SpringApplicationBuilder(ShopApplication.class), properties)) {
      int port =
          Integer.parseInt(
              Objects.requireNonNull(app.getEnvironment().getProperty("local.server.port")));

      assertThat(output.getOut())
          .contains(
              "Board at http://localhost:"
                  + port
                  + "/: sign in as north-advisor, north-viewer, south-advisor or south-viewer,"
                  + " password '"
                  + ShopProperties.DEFAULT_DEMO_PASSWORD
                  + "'");
      Api.Reply me =
          Api.basic(port, "south-viewer", ShopProperties.DEFAULT_DEMO_PASSWORD).get("/api/me");
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.data().get("shop").stringValue()).isEqualTo("south");
      LocalDate today = LocalDate.now(app.getBean(ShopProperties.class).zone());
      assertThat(
              Api.basic(port, "south-viewer", ShopProperties.DEFAULT_DEMO_PASSWORD)
                  .get("/api/admin/appointments/board?from=" + today + "&to=" + today.plusDays(1))
                  .data()
                  .get("columns")
                  .valueStream()
                  .mapToInt(c -> c.get("items").size())
                  .sum())
          .as("south's demo cards, not north's 24")
          .isEqualTo(8);
    }
  }
}
