package dev.occ.spring.boot;

import dev.occ.Occ;

/** Adjusts the {@link Occ} the auto-configuration builds, for what properties cannot express. */
@FunctionalInterface
public interface OccCustomizer {
  /** Called with the builder after properties are applied and before the bean is built. */
  void customize(Occ.Builder builder);
}
