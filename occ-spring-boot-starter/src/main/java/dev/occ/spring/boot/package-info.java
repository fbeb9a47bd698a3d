/** Spring Boot auto-configuration for occ. */
@NullMarked
package dev.occ.spring.boot;

import org.jspecify.annotations.NullMarked;
