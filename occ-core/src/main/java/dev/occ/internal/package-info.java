/** occ's implementation: SQL rendering, dialects, error classification, retry. Not an API. */
@NullMarked
package dev.occ.internal;

import org.jspecify.annotations.NullMarked;
