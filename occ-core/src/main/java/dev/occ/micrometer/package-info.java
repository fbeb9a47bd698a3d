/**
 * Micrometer for occ: metrics through {@link dev.occ.micrometer.MicrometerOccListener} (needs
 * {@code micrometer-core}), observations and so traces through {@link
 * dev.occ.micrometer.MicrometerOccObserver} (needs only {@code micrometer-observation}).
 */
@NullMarked
package dev.occ.micrometer;

import org.jspecify.annotations.NullMarked;
