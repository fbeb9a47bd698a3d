package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.appointments.DemoData;
import dev.occ.example.shop.support.Api;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** With nothing configured the app runs on in-memory H2 and shows a board full of demo cards. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefaultStartupTest {
  @LocalServerPort int port;
  @Autowired ShopProperties properties;
  @Autowired DemoData demoData;

  @Test
  void boardOfTodayAndTomorrowHasDemoCardsInEveryColumn() {
    LocalDate today = LocalDate.now(properties.zone());

    Api.Reply reply =
        Api.basic(port, "north-viewer", ShopProperties.DEFAULT_DEMO_PASSWORD)
            .get("/api/admin/appointments/board?from=" + today + "&to=" + today.plusDays(1));

    assertThat(reply.status()).isEqualTo(200);
    int cards = 0;
    for (JsonNode column : reply.data().get("columns")) {
      assertThat(column.get("items").size()).as(column.get("status").stringValue()).isPositive();
      cards += column.get("items").size();
    }
    assertThat(cards).isGreaterThanOrEqualTo(20);
  }

  @Test
  void demoDataFillsOnlyAnEmptyTable() {
    assertThat(demoData.fillIfEmpty(LocalDate.now(properties.zone()))).isZero();
  }
}
