/** Auto-configuration of occ's Micrometer metrics and observations. */
@NullMarked
package dev.occ.spring.boot.metrics;

import org.jspecify.annotations.NullMarked;
