package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.occ.spi.OccIntegration;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Full-jitter backoff: before retry n (0-based) occ sleeps {@code random(0, min(maxDelay, baseDelay
 * * 2^n))}. Checked on the policy's formula and on the waits resilience4j really uses.
 */
class BackoffTest {
  private static final SQLException SERIALIZATION_FAILURE = new SQLException("injected", "40001");

  /** An Occ whose Jdbi is never connected: these tests drive its resilience4j Retry directly. */
  private static Occ occ(RetryPolicy policy) {
    return Occ.builder(Jdbi.create("jdbc:h2:mem:never_opened")).retryPolicy(policy).build();
  }

  private static RetryPolicy policy(long baseMillis, long capMillis, int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .baseDelay(Duration.ofMillis(baseMillis))
        .maxDelay(Duration.ofMillis(capMillis))
        .build();
  }

  /** min(cap, base * 2^n) computed without overflow. */
  private static long ceiling(long base, long cap, int n) {
    if (base > 0 && n >= 64) {
      return cap; // base * 2^64 exceeds every long; spares BigInteger a gigantic shift
    }
    BigInteger exact = BigInteger.valueOf(base).shiftLeft(Math.min(Math.max(n, 0), 64));
    return exact.min(BigInteger.valueOf(cap)).longValueExact();
  }

  @Test
  void defaultCeilingsDoubleFromTenMillisUpToTheCap() {
    RetryPolicy p = RetryPolicy.DEFAULT;

    assertThat(IntStream.range(0, 8).mapToLong(p::delayCeilingMillis).boxed().toList())
        .containsExactly(10L, 20L, 40L, 80L, 160L, 200L, 200L, 200L);
    assertThat(p.delayCeilingMillis(Integer.MAX_VALUE)).isEqualTo(200);
  }

  @Test
  void ceilingFollowsTheFormulaWithCapAndWithoutOverflow() {
    Gen<Long> base = longs().between(0, 1_000).mix(longs().between(0, Long.MAX_VALUE));
    Gen<Long> extra = longs().between(0, 10_000).mix(longs().between(0, Long.MAX_VALUE));
    Gen<Integer> n = integers().between(-2, 80).mix(integers().between(0, Integer.MAX_VALUE));

    qt().withExamples(2_000)
        .forAll(base, extra, n)
        .checkAssert(
            (b, e, retry) -> {
              long cap = b + e < 0 ? Long.MAX_VALUE : b + e;
              assertThat(policy(b, cap, 2).delayCeilingMillis(retry))
                  .as("base %d, cap %d, retry %d", b, cap, retry)
                  .isEqualTo(ceiling(b, cap, retry));
            });
  }

  @Test
  void theIntervalResilience4jUsesIsFullJitterBelowTheCeiling() {
    // Samples the very function resilience4j calls between attempts (numbered from 1), without
    // sleeping: every wait lies in [0, ceiling], and the waits spread over the whole range rather
    // than clustering around the ceiling as resilience4j's own randomized backoff would.
    qt().withExamples(300)
        .forAll(longs().between(0, 1_000), longs().between(0, 5_000), integers().between(1, 40))
        .checkAssert(
            (base, extra, retry) -> {
              Occ occ = occ(policy(base, base + extra, 3));
              IntervalBiFunction<Object> interval =
                  retry(occ).getRetryConfig().getIntervalBiFunction();
              long ceiling = ceiling(base, base + extra, retry - 1);
              List<Long> waits =
                  IntStream.range(0, 200)
                      .mapToObj(i -> interval.apply(retry, Either.left(SERIALIZATION_FAILURE)))
                      .toList();
              assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(0L, ceiling));
              if (ceiling >= 8) {
                assertThat(waits.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .isLessThanOrEqualTo(ceiling / 4);
                assertThat(waits.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isGreaterThanOrEqualTo(3 * ceiling / 4);
              }
            });
  }

  @Test
  void anUnboundedCapStillYieldsAWaitWithinTheCeiling() {
    // The ceiling reaches Long.MAX_VALUE here; drawing from [0, ceiling] must not overflow.
    Occ occ = occ(policy(1, Long.MAX_VALUE, 3));
    IntervalBiFunction<Object> interval = retry(occ).getRetryConfig().getIntervalBiFunction();

    assertThat(interval.apply(100, Either.left(SERIALIZATION_FAILURE)))
        .isBetween(0L, Long.MAX_VALUE);
    assertThat(interval.apply(1, Either.left(SERIALIZATION_FAILURE))).isBetween(0L, 1L);
  }

  @Test
  void retryEventsReportWaitsWithinTheirCeilings() {
    // Real retries (and real, tiny sleeps): the events resilience4j publishes carry the waits it
    // used.
    qt().withExamples(25)
        .forAll(longs().between(0, 4), longs().between(0, 12), integers().between(2, 5))
        .checkAssert(
            (base, extra, attempts) -> {
              RetryPolicy policy = policy(base, base + extra, attempts);
              Occ occ = occ(policy);
              List<RetryOnRetryEvent> events = new CopyOnWriteArrayList<>();
              retry(occ).getEventPublisher().onRetry(events::add);

              Throwable thrown =
                  catchThrowable(
                      () ->
                          retry(occ)
                              .executeCallable(
                                  () -> {
                                    throw SERIALIZATION_FAILURE;
                                  }));

              assertThat(thrown).isSameAs(SERIALIZATION_FAILURE);
              assertThat(events)
                  .extracting(RetryOnRetryEvent::getNumberOfRetryAttempts)
                  .containsExactlyElementsOf(IntStream.range(1, attempts).boxed().toList());
              assertThat(events)
                  .allSatisfy(
                      ev ->
                          assertThat(ev.getWaitInterval().toMillis())
                              .isBetween(
                                  0L,
                                  policy.delayCeilingMillis(ev.getNumberOfRetryAttempts() - 1)));
            });
  }

  @Test
  void aZeroBaseDelayRetriesWithoutWaiting() {
    Occ occ = occ(policy(0, 0, 4));
    List<RetryOnRetryEvent> events = new CopyOnWriteArrayList<>();
    retry(occ).getEventPublisher().onRetry(events::add);

    catchThrowable(
        () ->
            retry(occ)
                .executeCallable(
                    () -> {
                      throw SERIALIZATION_FAILURE;
                    }));

    assertThat(events).hasSize(3).allSatisfy(ev -> assertThat(ev.getWaitInterval()).isZero());
  }

  private static Retry retry(Occ occ) {
    return OccIntegration.of(occ).retry();
  }
}
