package dev.occ.bench;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Counts every statement executed through a DataSource, and every commit and rollback, with
 * datasource-proxy's listeners. Each JDBC execute is one round trip to the server (pgjdbc sends
 * BEGIN in the same message as the first statement of a transaction), so the counts are round
 * trips.
 */
final class StatementCounter {
  private final List<String> statements = new ArrayList<>();
  private int commits;
  private int rollbacks;

  /** Returns a DataSource whose connections report to this counter. */
  DataSource wrap(DataSource target) {
    return ProxyDataSourceBuilder.create("counted", target)
        .listener(new Queries())
        .methodListener(new TransactionEnds())
        .build();
  }

  synchronized void reset() {
    statements.clear();
    commits = 0;
    rollbacks = 0;
  }

  /** The SQL of each statement executed since the last reset, in order. */
  synchronized List<String> statements() {
    return List.copyOf(statements);
  }

  synchronized int commits() {
    return commits;
  }

  synchronized int rollbacks() {
    return rollbacks;
  }

  private synchronized void executed(String sql) {
    statements.add(sql);
  }

  private synchronized void ended(String how) {
    if (how.equals("commit")) {
      commits++;
    } else {
      rollbacks++;
    }
  }

  /** One execute call, counted once it has run; a batch of plain statements counts each. */
  private final class Queries implements QueryExecutionListener {
    @Override
    public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {}

    @Override
    public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
      queries.forEach(q -> executed(q.getQuery()));
    }
  }

  /** {@code Connection.commit()} and {@code rollback()}, with or without a savepoint. */
  private final class TransactionEnds implements MethodExecutionListener {
    @Override
    public void beforeMethod(MethodExecutionContext context) {}

    @Override
    public void afterMethod(MethodExecutionContext context) {
      String name = context.getMethod().getName();
      if (context.getTarget() instanceof Connection
          && (name.equals("commit") || name.equals("rollback"))) {
        ended(name);
      }
    }
  }
}
