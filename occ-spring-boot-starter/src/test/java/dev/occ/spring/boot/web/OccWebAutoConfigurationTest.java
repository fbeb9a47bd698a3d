package dev.occ.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.VersionConflictException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.DispatcherServlet;

class OccWebAutoConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(OccWebAutoConfiguration.class));

  @Test
  void providesTheHandlerAndTheIfMatchHelperInAServletWebApp() {
    runner.run(
        context ->
            assertThat(context)
                .hasSingleBean(OccExceptionHandler.class)
                .hasSingleBean(OccHttp.class));
  }

  @Test
  void conflictAnswersShowVersionsOnlyUnlessIncludeCurrentRowIsSet() {
    VersionConflictException conflict =
        new VersionConflictException("things", 1L, 1, 2, Map.of("name", "b", "version", 2L));
    runner.run(
        context -> assertThat(context.getBean(OccConflictBody.class).current(conflict)).isNull());
    runner
        .withPropertyValues("occ.web.include-current-row=true")
        .run(
            context ->
                assertThat(context.getBean(OccConflictBody.class).current(conflict))
                    .isEqualTo(Map.of("name", "b", "version", 2L)));
  }

  @Test
  void usesTheApplicationsConflictBody() {
    OccConflictBody own = conflict -> "own";
    runner
        .withBean("ownConflictBody", OccConflictBody.class, () -> own)
        .withPropertyValues("occ.web.include-current-row=true")
        .run(context -> assertThat(context.getBean(OccConflictBody.class)).isSameAs(own));
  }

  @Test
  void backsOffOutsideAWebApp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OccWebAutoConfiguration.class))
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(OccExceptionHandler.class)
                    .doesNotHaveBean(OccConflictBody.class)
                    .doesNotHaveBean(OccHttp.class));
  }

  @Test
  void backsOffInAReactiveWebApp() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OccWebAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(OccExceptionHandler.class));
  }

  @Test
  void backsOffWithoutSpringMvc() {
    runner
        .withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
        .run(context -> assertThat(context).doesNotHaveBean(OccExceptionHandler.class));
  }

  @Test
  void webEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.web.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(OccExceptionHandler.class)
                    .doesNotHaveBean(OccHttp.class));
  }

  @Test
  void occEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(OccExceptionHandler.class)
                    .doesNotHaveBean(OccHttp.class));
  }

  @Test
  void usesTheApplicationsHandlerAndHelper() {
    OccExceptionHandler handler = new OccExceptionHandler(Duration.ofSeconds(30));
    OccHttp http = new OccHttp(true);
    runner
        .withBean("ownHandler", OccExceptionHandler.class, () -> handler)
        .withBean("ownHttp", OccHttp.class, () -> http)
        .run(
            context -> {
              assertThat(context.getBean(OccExceptionHandler.class)).isSameAs(handler);
              assertThat(context.getBean(OccHttp.class)).isSameAs(http);
            });
  }

  @Test
  void requireIfMatchRefusesABodyVersionAlone() {
    runner
        .withPropertyValues("occ.web.require-if-match=true")
        .run(
            context ->
                assertThatThrownBy(
                        () ->
                            context
                                .getBean(OccHttp.class)
                                .expectedVersion(new MockHttpServletRequest(), 41L))
                    .isInstanceOf(PreconditionRequiredException.class));
  }
}
