package dev.occ.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the {@link LostUpdateProbe} that {@link OccTestExtension} passes to a test parameter:
 * {@code void noLostUpdate(@ProbeSettings(clients = 8, writesPerClient = 50) LostUpdateProbe
 * probe)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ProbeSettings {
  /** The number of concurrent clients (at least 2). */
  int clients() default LostUpdateProbe.DEFAULT_CLIENTS;

  /** How many writes each client attempts. */
  int writesPerClient() default LostUpdateProbe.DEFAULT_WRITES_PER_CLIENT;

  /** Whether clients run in lockstep rounds (see {@link LostUpdateProbe}). */
  boolean lockstep() default true;

  /** How many seconds a run may take before it is reported as hung. */
  long timeoutSeconds() default 60;
}
