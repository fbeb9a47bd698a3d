/**
 * Hooks for frameworks that integrate occ (the Spring Boot starter is one): who owns the current
 * transaction, the retry boundary and the transient-error classification. Applications rarely need
 * these types.
 */
@NullMarked
package dev.occ.spi;

import org.jspecify.annotations.NullMarked;
