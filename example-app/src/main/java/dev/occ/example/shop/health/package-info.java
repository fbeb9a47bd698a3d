/** Whether the app can serve: the database probe behind readiness and {@code /healthz}. */
@NullMarked
package dev.occ.example.shop.health;

import org.jspecify.annotations.NullMarked;
