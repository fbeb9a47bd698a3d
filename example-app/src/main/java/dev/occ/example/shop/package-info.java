/** The auto shop's appointment board, the example application of occ. */
@NullMarked
package dev.occ.example.shop;

import org.jspecify.annotations.NullMarked;
