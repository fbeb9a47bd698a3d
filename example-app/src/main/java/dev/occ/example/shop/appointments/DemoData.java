package dev.occ.example.shop.appointments;

import static dev.occ.example.shop.appointments.AppointmentRepository.APPOINTMENTS;

import dev.occ.Occ;
import dev.occ.example.shop.ShopProperties;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Fills an empty appointments table with cards for today and tomorrow, in every column, so that a
 * fresh start shows a working board. On by default only for the in-memory H2 database.
 */
@Component
public class DemoData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** Day (0 = today), start time, customer, vehicle and status of each demo card. */
  private static final List<Card> CARDS =
      List.of(
          new Card(0, "07:30", "Maria Gonzalez", "2018 Toyota Camry", Status.COMPLETED),
          new Card(0, "08:00", "James Whitaker", "2015 Ford F-150", Status.COMPLETED),
          new Card(0, "08:30", "Priya Raman", "2020 Honda Civic", Status.READY),
          new Card(0, "09:00", "Tom Becker", "2012 Subaru Outback", Status.READY),
          new Card(0, "09:30", "Aisha Mohammed", "2019 Tesla Model 3", Status.IN_PROGRESS),
          new Card(0, "10:00", "Luis Ortega", "2016 Chevrolet Silverado", Status.IN_PROGRESS),
          new Card(0, "10:30", "Hannah Kim", "2021 Hyundai Tucson", Status.IN_PROGRESS),
          new Card(0, "11:00", "Oliver Brown", "2014 Volkswagen Golf", Status.CHECKED_IN),
          new Card(0, "11:30", "Sofia Rossi", "2017 Mazda CX-5", Status.CHECKED_IN),
          new Card(0, "13:00", "Daniel Cohen", "2013 BMW 328i", Status.SCHEDULED),
          new Card(0, "14:00", "Grace Liu", "2022 Kia Sportage", Status.SCHEDULED),
          new Card(0, "15:00", "Ethan Walker", "2010 Jeep Wrangler", Status.SCHEDULED),
          new Card(0, "16:00", "Fatima Zahra", "2019 Nissan Rogue", Status.SCHEDULED),
          new Card(1, "07:30", "Noah Fischer", "2011 Audi A4", Status.CHECKED_IN),
          new Card(1, "08:00", "Chloe Martin", "2018 Subaru Forester", Status.CHECKED_IN),
          new Card(1, "08:30", "Kenji Tanaka", "2020 Toyota RAV4", Status.SCHEDULED),
          new Card(1, "09:00", "Amelia Clarke", "2015 Honda Accord", Status.SCHEDULED),
          new Card(1, "09:30", "Mateo Silva", "2017 Ford Escape", Status.SCHEDULED),
          new Card(1, "10:00", "Zoe Novak", "2023 Rivian R1S", Status.SCHEDULED),
          new Card(1, "11:00", "Samuel Okafor", "2012 Toyota Tacoma", Status.SCHEDULED),
          new Card(1, "12:30", "Isabella Moreau", "2016 Volvo XC60", Status.SCHEDULED),
          new Card(1, "13:30", "William Harris", "2019 Ram 1500", Status.SCHEDULED),
          new Card(1, "14:30", "Mei Chen", "2021 Lexus RX 350", Status.SCHEDULED),
          new Card(1, "15:30", "Lucas Schneider", "2014 Mini Cooper", Status.SCHEDULED));

  private final Occ occ;
  private final AppointmentRepository appointments;
  private final ShopProperties properties;

  /** Creates the loader; it runs once the application has started. */
  public DemoData(Occ occ, AppointmentRepository appointments, ShopProperties properties) {
    this.occ = occ;
    this.appointments = appointments;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (enabled()) {
      int added = fillIfEmpty(LocalDate.now(properties.zone()));
      log.info(
          "Demo data: {}",
          added == 0 ? "table not empty, left alone" : added + " appointments added");
    }
  }

  /**
   * Adds the demo cards, today being {@code today}, if there are no appointments at all.
   *
   * @return how many cards were added: 0 or all
   */
  public int fillIfEmpty(LocalDate today) {
    return occ.inTransaction(
        h -> {
          if (appointments.count(h) > 0) {
            return 0;
          }
          for (Card card : CARDS) {
            occ.insert(APPOINTMENTS)
                .value("customer_name", card.customer())
                .value("vehicle", card.vehicle())
                .value("status", card.status().name())
                .value(
                    "start_ts",
                    today
                        .plusDays(card.day())
                        .atTime(LocalTime.parse(card.time()))
                        .atZone(properties.zone())
                        .toInstant()
                        .atOffset(ZoneOffset.UTC))
                .execute(h);
          }
          return CARDS.size();
        });
  }

  private boolean enabled() {
    Boolean configured = properties.demoData();
    if (configured != null) {
      return configured;
    }
    return occ.jdbi().withHandle(h -> isInMemoryH2(h.getConnection()));
  }

  private static boolean isInMemoryH2(java.sql.Connection connection) {
    try {
      return connection.getMetaData().getURL().startsWith("jdbc:h2:mem:");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the database URL", e);
    }
  }

  private record Card(int day, String time, String customer, String vehicle, Status status) {}
}
