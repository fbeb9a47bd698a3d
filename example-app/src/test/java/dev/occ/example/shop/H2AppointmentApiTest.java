package dev.occ.example.shop;

import dev.occ.testing.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The HTTP contract on an in-memory H2 database in PostgreSQL mode, as the app runs by default. */
class H2AppointmentApiTest extends AppointmentApiContract {

  /**
   * H2 gives up waiting for a row lock after its LOCK_TIMEOUT (1 s), with error 50200, which occ
   * treats as transient: the move is retried and then answered TRANSIENT_FAILURE.
   */
  @Override
  String codeOfAMoveBlockedTooLong() {
    return "TRANSIENT_FAILURE";
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabases.freshH2Url();
    registry.add("spring.datasource.url", () -> url);
  }
}
