package dev.occ.example.shop.appointments;

import static dev.occ.example.shop.appointments.AppointmentRepository.APPOINTMENTS;

import dev.occ.Occ;
import dev.occ.example.shop.ShopProperties;
import dev.occ.example.shop.security.Role;
import dev.occ.example.shop.security.ShopUser;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.tenancy.CurrentShop;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives each of two shops, {@code north} and {@code south}, that has no appointments demo cards for
 * today and tomorrow in every column, and signs up two users in each ({@code north-advisor}, {@code
 * north-viewer}, {@code south-advisor}, {@code south-viewer}) with the password in {@code
 * SHOP_DEMO_PASSWORD}, hashed here; so that a fresh start shows a working board. On by default only
 * for the in-memory H2 database. Logs where to sign in.
 */
@Component
public class DemoData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** The demo shops: the first one holds the cards that existed before shops did. */
  public static final List<String> SHOPS = List.of("north", "south");

  /** Day (0 = today), start time, customer, vehicle and status of each demo card of north. */
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

  /** The cards of south: fewer, and other customers, so that the two boards are told apart. */
  private static final List<Card> SOUTH_CARDS =
      List.of(
          new Card(0, "08:00", "Rosa Delgado", "2017 Honda CR-V", Status.READY),
          new Card(0, "09:00", "Arjun Patel", "2019 Toyota Corolla", Status.IN_PROGRESS),
          new Card(0, "10:30", "Eva Lindqvist", "2015 Volvo V70", Status.CHECKED_IN),
          new Card(0, "13:30", "Malik Johnson", "2020 Ford Mustang", Status.SCHEDULED),
          new Card(0, "15:30", "Yuki Sato", "2018 Mazda 3", Status.COMPLETED),
          new Card(1, "08:30", "Nora Becker", "2016 Skoda Octavia", Status.SCHEDULED),
          new Card(1, "11:30", "Pedro Alves", "2021 Hyundai Kona", Status.SCHEDULED),
          new Card(1, "14:00", "Ingrid Olsen", "2013 Saab 9-3", Status.SCHEDULED));

  private final Occ occ;
  private final AppointmentRepository appointments;
  private final ShopProperties properties;
  private final UserAccounts users;
  private final Environment environment;
  private final TransactionTemplate transactions;

  /** Creates the loader; it runs once the application has started. */
  public DemoData(
      Occ occ,
      AppointmentRepository appointments,
      ShopProperties properties,
      UserAccounts users,
      Environment environment,
      PlatformTransactionManager transactionManager) {
    this.occ = occ;
    this.appointments = appointments;
    this.properties = properties;
    this.users = users;
    this.environment = environment;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @Override
  public void run(ApplicationArguments args) {
    String port = environment.getProperty("local.server.port");
    String board = port == null ? null : "http://localhost:" + port + "/";
    if (!enabled()) {
      if (board != null) {
        log.info("Board at {}: sign in with an account of the users table", board);
      }
      return;
    }
    signUpDemoUsers();
    int added = fillIfEmpty(LocalDate.now(properties.zone()));
    log.info(
        "Demo data: {}",
        added == 0 ? "the shops have cards already, left alone" : added + " appointments added");
    if (board != null) {
      log.info(
          "Board at {}: sign in as north-advisor, north-viewer, south-advisor or south-viewer,"
              + " password {}",
          board,
          ShopProperties.DEFAULT_DEMO_PASSWORD.equals(properties.demoPassword())
              ? "'"
                  + ShopProperties.DEFAULT_DEMO_PASSWORD
                  + "' (set SHOP_DEMO_PASSWORD to change it)"
              : "from SHOP_DEMO_PASSWORD");
    }
  }

  /**
   * Adds the demo shops and gives each an advisor and a viewer with the demo password, hashed now;
   * an existing demo user gets the password and role again.
   */
  public void signUpDemoUsers() {
    for (String shop : SHOPS) {
      users.ensureShop(shop, shop.substring(0, 1).toUpperCase(Locale.ROOT) + shop.substring(1));
      users.save(new ShopUser(shop + "-advisor", shop, Role.ADVISOR), properties.demoPassword());
      users.save(new ShopUser(shop + "-viewer", shop, Role.VIEWER), properties.demoPassword());
    }
  }

  /**
   * Adds each demo shop's cards, today being {@code today}, to a shop that has no appointments (the
   * shops must exist: {@link #signUpDemoUsers()}).
   *
   * @return how many cards were added
   */
  public int fillIfEmpty(LocalDate today) {
    // Shop by shop, each in a transaction of that shop: on PostgreSQL the row-level security
    // policies let a transaction see and add only its own shop's cards.
    return fillIfEmpty("north", CARDS, today) + fillIfEmpty("south", SOUTH_CARDS, today);
  }

  private int fillIfEmpty(String shop, List<Card> cards, LocalDate today) {
    return CurrentShop.callAs(
        shop,
        () ->
            Objects.requireNonNull(
                transactions.execute(
                    status ->
                        occ.jdbi()
                            .withHandle(
                                h -> {
                                  if (appointments.count(h, shop) > 0) {
                                    return 0;
                                  }
                                  insert(h, shop, cards, today);
                                  return cards.size();
                                }))));
  }

  private void insert(Handle h, String shop, List<Card> cards, LocalDate today) {
    for (Card card : cards) {
      occ.insert(APPOINTMENTS)
          .inScope(shop)
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
