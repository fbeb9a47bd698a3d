/** The HTTP API: the JSON envelope, input validation and error mapping. */
@NullMarked
package dev.occ.example.shop.web;

import org.jspecify.annotations.NullMarked;
