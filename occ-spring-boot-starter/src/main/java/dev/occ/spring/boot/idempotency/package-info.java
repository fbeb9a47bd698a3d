/**
 * {@code Idempotency-Key} support for Spring MVC handler methods ({@link
 * dev.occ.spring.boot.idempotency.Idempotent}): the key's record is written in the transaction of
 * the request's own writes, and a repeated request gets the first answer back.
 */
@NullMarked
package dev.occ.spring.boot.idempotency;

import org.jspecify.annotations.NullMarked;
