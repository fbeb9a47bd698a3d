/** Auto-configuration of occ's Micrometer metrics. */
@NullMarked
package dev.occ.spring.boot.metrics;

import org.jspecify.annotations.NullMarked;
