/**
 * The HTTP load test of the example app's move endpoint: virtual users load the board, move cards
 * and re-sync on 409, as the web board does; afterwards every acknowledged move is audited against
 * the app's move history.
 */
@NullMarked
package dev.occ.bench.load;

import org.jspecify.annotations.NullMarked;
