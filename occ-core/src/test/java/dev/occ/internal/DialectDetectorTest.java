package dev.occ.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Products that speak PostgreSQL's wire protocol but are not PostgreSQL get the generic dialect.
 */
class DialectDetectorTest {
  @Test
  void postgresqlItselfIsRecognised() {
    assertThat(
            DialectDetector.isPostgresVersion(
                "PostgreSQL 15.19 (Debian 15.19-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc"))
        .isTrue();
  }

  @Test
  void lookalikesAreNotTakenForPostgresql() {
    assertThat(DialectDetector.isPostgresVersion("CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu)"))
        .isFalse();
    assertThat(
            DialectDetector.isPostgresVersion(
                "PostgreSQL 11.2-YB-2.20.1.0-b0 on x86_64-pc-linux-gnu"))
        .isFalse();
    assertThat(
            DialectDetector.isPostgresVersion(
                "PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017,"
                    + " Redshift 1.0.62312"))
        .isFalse();
    assertThat(DialectDetector.isPostgresVersion(null)).isFalse();
  }
}
