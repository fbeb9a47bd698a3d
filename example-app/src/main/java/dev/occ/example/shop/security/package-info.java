/**
 * Who may call: sign-in (a form and a session for the page, HTTP Basic for scripts, optionally JWT
 * bearer tokens), roles, the signed-in user's shop, and the throttle on failed sign-ins.
 */
@NullMarked
package dev.occ.example.shop.security;

import org.jspecify.annotations.NullMarked;
