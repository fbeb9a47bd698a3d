package dev.occ.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Database;
import dev.occ.VersionedTable;
import dev.occ.internal.PositionalSql.Bind;
import dev.occ.internal.PositionalSql.Kind;
import dev.occ.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContextListener;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

/**
 * Both sides of the direct path's rule: a plain Jdbi and plain values take it; every statement hook
 * a user can configure, on the Jdbi or on one handle, and every value Jdbi must convert, do not.
 */
class DirectPathTest {
  private enum Status {
    OPEN
  }

  private static boolean allows(Consumer<Jdbi> configure) {
    Jdbi jdbi = Jdbi.create(TestDatabases.freshH2Url());
    configure.accept(jdbi);
    try (Handle h = jdbi.open()) {
      return DirectPath.allows(h);
    }
  }

  @Test
  void aPlainJdbiAllowsTheDirectPath() {
    assertThat(allows(jdbi -> {})).isTrue();
  }

  @Test
  void anySqlLoggerTakesTheJdbiPath() {
    assertThat(allows(jdbi -> jdbi.setSqlLogger(new SqlLogger() {}))).isFalse();
  }

  @Test
  void aStatementCustomizerTakesTheJdbiPath() {
    assertThat(allows(jdbi -> jdbi.addCustomizer(new StatementCustomizer() {}))).isFalse();
  }

  @Test
  void aContextListenerTakesTheJdbiPath() {
    assertThat(
            allows(
                jdbi ->
                    jdbi.getConfig(SqlStatements.class)
                        .addContextListener(new StatementContextListener() {})))
        .isFalse();
  }

  @Test
  void anSqlExceptionHandlerTakesTheJdbiPath() {
    assertThat(
            allows(jdbi -> jdbi.getConfig(SqlStatements.class).addExceptionHandler((e, ctx) -> {})))
        .isFalse();
  }

  @Test
  void aQueryTimeoutTakesTheJdbiPath() {
    assertThat(allows(jdbi -> jdbi.getConfig(SqlStatements.class).setQueryTimeout(5))).isFalse();
  }

  @Test
  void anotherTemplateEngineTakesTheJdbiPath() {
    assertThat(allows(jdbi -> jdbi.setTemplateEngine((sql, ctx) -> sql))).isFalse();
  }

  @Test
  void anArgumentFactoryOfTheUsersTakesTheJdbiPath() {
    assertThat(allows(jdbi -> jdbi.registerArgument(new UpperCaseStrings()))).isFalse();
  }

  @Test
  void anotherStatementBuilderTakesTheJdbiPath() {
    assertThat(
            allows(jdbi -> jdbi.setStatementBuilderFactory(c -> new DefaultStatementBuilder() {})))
        .isFalse();
  }

  @Test
  void aHookSetOnOneHandleTakesTheJdbiPathOnThatHandleOnly() {
    Jdbi jdbi = Jdbi.create(TestDatabases.freshH2Url());
    try (Handle logged = jdbi.open();
        Handle plain = jdbi.open()) {
      logged.setSqlLogger(new SqlLogger() {});

      assertThat(DirectPath.allows(logged)).isFalse();
      assertThat(DirectPath.allows(plain)).isTrue();
    }
  }

  @Test
  void onlyValuesJdbiBindsWithTheirOwnSetterArePlain() {
    assertThat(List.of("x", 1L, 2, (short) 3, true, 1.5d, BigDecimal.ONE))
        .allMatch(DirectPath::plain);
    assertThat(
            Arrays.asList(null, Status.OPEN, Instant.EPOCH, UUID.randomUUID(), 'c', 1.5f, (byte) 1))
        .noneMatch(DirectPath::plain);
  }

  @Test
  void namedBindsBecomePlaceholdersInOrderOutsideQuotes() {
    PositionalSql sql =
        PositionalSql.parse(
            "UPDATE \"a:b\" SET \"x\" = :v0, y = ':v9', z = :l1_2::text"
                + " WHERE \"id\" = :id AND v = :expected AND s = :scope");

    assertThat(sql.sql())
        .isEqualTo(
            "UPDATE \"a:b\" SET \"x\" = ?, y = ':v9', z = ?::text"
                + " WHERE \"id\" = ? AND v = ? AND s = ?");
    assertThat(sql.binds())
        .containsExactly(
            new Bind(Kind.VALUE, 0, 0),
            new Bind(Kind.LINKED, 1, 2),
            new Bind(Kind.ID, 0, 0),
            new Bind(Kind.EXPECTED, 0, 0),
            new Bind(Kind.SCOPE, 0, 0));
  }

  @Test
  void everyDialectsUpdateReadsAsPlaceholdersOfItsValues() {
    VersionedTable scoped = VersionedTable.builder("tickets").scopeColumn("shop_id").build();
    for (Database database : Database.values()) {
      SqlDialect d = SqlDialect.of(database, SqlNames.POSTGRESQL);
      String named = d.update(scoped, List.of("name", "qty"));

      PositionalSql sql = PositionalSql.of(named);

      assertThat(sql.sql()).doesNotContain(":");
      assertThat(sql.binds())
          .containsExactly(
              new Bind(Kind.VALUE, 0, 0),
              new Bind(Kind.VALUE, 1, 0),
              new Bind(Kind.ID, 0, 0),
              new Bind(Kind.EXPECTED, 0, 0),
              new Bind(Kind.SCOPE, 0, 0));
    }
  }

  @Test
  void aBindNameNoWriteRendersIsRefused() {
    assertThatThrownBy(() -> PositionalSql.parse("SELECT :initial"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial");
  }

  /** Binds strings in upper case: a factory of the user's for a plain type. */
  static final class UpperCaseStrings extends AbstractArgumentFactory<String> {
    UpperCaseStrings() {
      super(Types.VARCHAR);
    }

    @Override
    protected Argument build(String value, ConfigRegistry config) {
      return (position, statement, ctx) -> statement.setString(position, value.toUpperCase());
    }
  }
}
