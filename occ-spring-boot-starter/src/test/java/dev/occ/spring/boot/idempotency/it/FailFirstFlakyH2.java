package dev.occ.spring.boot.idempotency.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.api.Trigger;

/** An H2 trigger on {@code notes}: the first insert of a note "flaky" fails with SQLState 40001. */
public class FailFirstFlakyH2 implements Trigger {
  private static final AtomicBoolean ARMED = new AtomicBoolean(true);

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    if ("flaky".equals(newRow[1]) && ARMED.getAndSet(false)) {
      throw new SQLTransactionRollbackException("injected serialization failure", "40001");
    }
  }
}
