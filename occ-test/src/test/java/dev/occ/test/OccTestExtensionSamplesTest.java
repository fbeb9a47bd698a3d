package dev.occ.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * How the extension ends tests that misuse it, seen from outside: small sample test classes run on
 * their own engine, and their outcomes are checked here.
 */
class OccTestExtensionSamplesTest {
  private static final String SAMPLES = "occ-test.samples";

  private static Events run(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(SAMPLES, "true")
        .selectors(selectClass(sample))
        .execute()
        .testEvents();
  }

  @Test
  void aFaultThatNeverFiredFailsTheTest() {
    run(UnfiredFaultSample.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(m -> m.contains("did not fire") && m.contains("/UPDTAE/")))));
  }

  @Test
  void aLenientInjectorOrADisarmedFaultLetsTheTestPass() {
    run(LenientSample.class).assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void twoFaultTargetsAreRefused() {
    run(TwoTargetsSample.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(m -> m.contains("More than one @FaultTarget")))));
  }

  @Test
  void aFaultTargetThatIsNoDataSourceIsRefused() {
    run(WrongTypeSample.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(m -> m.contains("must be a javax.sql.DataSource")))));
  }

  @Test
  void anEmptyFaultTargetSaysWhenToAssignIt() {
    run(EmptyTargetSample.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(IllegalStateException.class),
                    message(m -> m.contains("holds no DataSource yet")))));
  }

  @Test
  void aStaticTargetCanBeBoundInBeforeAllAndItsInjectorIsSharedByTheClass() {
    run(StaticTargetSample.class).assertThatEvents().haveExactly(2, event(finishedSuccessfully()));
  }

  /** Runs the samples only when this class runs them, never when a build or IDE finds them. */
  static final class OnlyAsSample implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(SAMPLES).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("run by OccTestExtensionSamplesTest")
          : ConditionEvaluationResult.disabled("a sample for OccTestExtensionSamplesTest");
    }
  }

  @ExtendWith({OnlyAsSample.class, OccTestExtension.class})
  static class UnfiredFaultSample {
    @Test
    void armsAFaultWithATypo(FaultInjector faults) {
      faults.failStatements("UPDTAE").withSqlState("40001");
    }
  }

  @ExtendWith({OnlyAsSample.class, OccTestExtension.class})
  static class LenientSample {
    @Test
    void lenient(FaultInjector faults) {
      faults.lenient().failStatements("UPDTAE").withSqlState("40001");
    }

    @Test
    void disarmed(FaultInjector faults) {
      faults.failStatements("UPDTAE").withSqlState("40001").disarm();
    }
  }

  @ExtendWith({OnlyAsSample.class, OccTestExtension.class})
  static class TwoTargetsSample {
    @FaultTarget DataSource one = H2Items.create().dataSource();
    @FaultTarget DataSource two = H2Items.create().dataSource();

    @Test
    void asksForAnInjector(FaultInjector faults) {}
  }

  @ExtendWith({OnlyAsSample.class, OccTestExtension.class})
  static class WrongTypeSample {
    @FaultTarget String url = "jdbc:h2:mem:";

    @Test
    void asksForAnInjector(FaultInjector faults) {}
  }

  @ExtendWith({OnlyAsSample.class, OccTestExtension.class})
  static class EmptyTargetSample {
    @FaultTarget DataSource notYet;

    @Test
    void asksForTheDataSource(FaultInjector faults) {
      faults.dataSource();
    }
  }

  @ExtendWith({OnlyAsSample.class, OccTestExtension.class})
  static class StaticTargetSample {
    @FaultTarget static DataSource database;
    static FaultInjector ofBeforeAll;

    @org.junit.jupiter.api.BeforeAll
    static void bind(FaultInjector faults) {
      database = H2Items.create().dataSource();
      ofBeforeAll = faults;
    }

    @Test
    void first(FaultInjector faults) throws SQLException {
      check(faults);
    }

    @Test
    void second(FaultInjector faults) throws SQLException {
      check(faults);
    }

    private static void check(FaultInjector faults) throws SQLException {
      if (faults != ofBeforeAll) {
        throw new AssertionError("not the injector of @BeforeAll");
      }
      try (Connection c = faults.dataSource().getConnection()) {
        if (!c.isValid(1)) {
          throw new AssertionError("no connection");
        }
      }
    }
  }
}
