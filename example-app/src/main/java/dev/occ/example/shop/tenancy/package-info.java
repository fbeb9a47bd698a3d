/**
 * The walls between shops on the database's side: the signed-in user's shop, set in each
 * transaction for PostgreSQL's row-level security, and the migrations that define its policies.
 */
@NullMarked
package dev.occ.example.shop.tenancy;

import org.jspecify.annotations.NullMarked;
