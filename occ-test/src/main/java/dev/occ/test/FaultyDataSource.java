package dev.occ.test;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A data source whose connections go through a {@link FaultInjector}. */
final class FaultyDataSource implements DataSource {
  private final FaultInjector injector;
  private final DataSource real;

  FaultyDataSource(FaultInjector injector, DataSource real) {
    this.injector = injector;
    this.real = real;
  }

  FaultInjector injector() {
    return injector;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return FaultyConnection.wrap(injector, real.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return FaultyConnection.wrap(injector, real.getConnection(username, password));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return real.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : real.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || real.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "FaultInjector DataSource over " + real;
  }
}
