package dev.occ.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit Jupiter extension that hands tests a {@link FaultInjector}, an {@link OccRetryCounter}
 * and a {@link LostUpdateProbe} wired to both.
 *
 * <pre>{@code
 * @ExtendWith(OccTestExtension.class)
 * class TransferTest {
 *   @FaultTarget DataSource database = ...;        // the real one
 *
 *   @Test
 *   void aDeadlockIsRetried(FaultInjector faults, OccRetryCounter retries) {
 *     Occ occ = Occ.builder(Jdbi.create(faults.dataSource())).listener(retries).build();
 *     faults.failStatements("(?i)^update accounts").with(SqlFailure.postgresDeadlock());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets its own injector and counter, the same objects in its {@code @BeforeEach}, the
 * test method and its {@code @AfterEach} (one asked for in {@code @BeforeAll} is shared by the
 * class). The injector is bound to the test class's {@link FaultTarget} field, if it has one. The
 * probe ({@link ProbeSettings} configures it) reports the retries the counter heard and the faults
 * the injector fired during its run.
 *
 * <p>After each test, the extension fails the test if an armed fault did not fire as often as it
 * was armed to ({@link FaultInjector#verifyAllInjected()}): a pattern that matches nothing proves
 * nothing. Call {@link InjectedFault#disarm()} on a fault that may stay unused, or {@link
 * FaultInjector#lenient()}.
 */
public final class OccTestExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OccTestExtension.class);

  /** Created by JUnit through {@code @ExtendWith}. */
  public OccTestExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FaultInjector.class
        || type == OccRetryCounter.class
        || type == LostUpdateProbe.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == FaultInjector.class) {
      return injector(context);
    }
    if (type == OccRetryCounter.class) {
      return counter(context);
    }
    ProbeSettings settings = parameter.findAnnotation(ProbeSettings.class).orElse(null);
    LostUpdateProbe.Builder probe = LostUpdateProbe.builder();
    if (settings != null) {
      probe
          .clients(settings.clients())
          .writesPerClient(settings.writesPerClient())
          .timeout(Duration.ofSeconds(settings.timeoutSeconds()));
      if (!settings.lockstep()) {
        probe.freeRunning();
      }
    }
    OccRetryCounter retries = counter(context);
    try {
      return probe.faults(injector(context)).retries(retries::count).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException("Invalid @ProbeSettings: " + e.getMessage(), e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FaultInjector faults =
        context.getStore(NAMESPACE).get(FaultInjector.class, FaultInjector.class);
    if (faults != null && !faults.isLenient()) {
      faults.verifyAllInjected();
    }
  }

  private static FaultInjector injector(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(FaultInjector.class, k -> newInjector(context), FaultInjector.class);
  }

  private static OccRetryCounter counter(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(
            OccRetryCounter.class, k -> OccRetryCounter.create(), OccRetryCounter.class);
  }

  private static FaultInjector newInjector(ExtensionContext context) {
    List<Object> instances =
        context.getTestInstances().map(i -> i.getAllInstances()).orElse(List.of());
    List<Class<?>> classes = new ArrayList<>();
    if (instances.isEmpty()) {
      classes.add(context.getRequiredTestClass());
    } else {
      instances.forEach(i -> classes.add(i.getClass()));
    }
    Field target = null;
    Object owner = null;
    for (Class<?> c : classes) {
      for (Field f : AnnotationSupport.findAnnotatedFields(c, FaultTarget.class)) {
        if (target != null && !target.equals(f)) {
          throw new ParameterResolutionException(
              "More than one @FaultTarget field: " + describe(target) + " and " + describe(f));
        }
        if (!DataSource.class.isAssignableFrom(f.getType())) {
          throw new ParameterResolutionException(
              "@FaultTarget field " + describe(f) + " must be a javax.sql.DataSource");
        }
        target = f;
        owner = ownerOf(f, instances);
      }
    }
    if (target == null) {
      return FaultInjector.create();
    }
    return FaultInjector.forTarget(reader(target, owner));
  }

  private static @Nullable Object ownerOf(Field f, List<Object> instances) {
    if (Modifier.isStatic(f.getModifiers())) {
      return null;
    }
    for (Object i : instances) {
      if (f.getDeclaringClass().isInstance(i)) {
        return i;
      }
    }
    throw new ParameterResolutionException(
        "@FaultTarget field "
            + describe(f)
            + " is not static, and there is no test instance to"
            + " read it from here (a @BeforeAll method): make it static or ask in @BeforeEach");
  }

  private static Supplier<@Nullable DataSource> reader(Field f, @Nullable Object owner) {
    if (!f.trySetAccessible()) {
      throw new ParameterResolutionException("Cannot read @FaultTarget field " + describe(f));
    }
    return () -> {
      try {
        return (DataSource) f.get(owner);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("Cannot read @FaultTarget field " + describe(f), e);
      }
    };
  }

  private static String describe(Field f) {
    return f.getDeclaringClass().getSimpleName() + "." + f.getName();
  }
}
