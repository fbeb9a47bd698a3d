package dev.occ.example.shop.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Spring's JDBC transaction manager, which on PostgreSQL also tells the database whose rows the
 * transaction may see: its first statement is {@code SELECT set_config('shop.id', <shop>, true)}
 * with the {@link CurrentShop}, a setting that lasts until the transaction ends and that the
 * row-level security policies read (db/postgresql/R__row_level_security.sql). pgjdbc sends the
 * transaction's BEGIN with it, so it costs one round trip per transaction; without a shop nothing
 * is set and the policies show nothing. Other databases have no such policies and get nothing here.
 *
 * <p>Every transaction the app runs for a request is a Spring transaction (a move, the idempotency
 * advice around it, the board and history reads), so this one place covers them all.
 */
public class ShopTransactionManager extends JdbcTransactionManager {
  private static final long serialVersionUID = 1L;

  /** The statement that sets the transaction's shop. */
  public static final String SET_SHOP = "SELECT set_config('shop.id', ?, true)";

  private transient volatile @Nullable Boolean postgres;

  /** Creates the manager on the application's data source. */
  public ShopTransactionManager(DataSource dataSource) {
    super(dataSource);
  }

  @Override
  protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
      throws SQLException {
    super.prepareTransactionalConnection(con, definition);
    String shop = CurrentShop.get();
    if (shop != null && isPostgres(con)) {
      try (PreparedStatement set = con.prepareStatement(SET_SHOP)) {
        set.setString(1, shop);
        set.execute();
      }
    }
  }

  private boolean isPostgres(Connection con) throws SQLException {
    Boolean known = postgres;
    if (known == null) {
      known = "PostgreSQL".equals(con.getMetaData().getDatabaseProductName());
      postgres = known;
    }
    return known;
  }
}
