package dev.occ.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link javax.sql.DataSource} field (static or not) of a test class that {@link
 * OccTestExtension} binds each test's {@link FaultInjector} to: {@code faults.dataSource()} returns
 * it wrapped. The field is read when the test first asks for {@code faults.dataSource()}, so it may
 * be assigned in a field initializer, in {@code @BeforeAll}, or in an earlier {@code @BeforeEach}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface FaultTarget {}
