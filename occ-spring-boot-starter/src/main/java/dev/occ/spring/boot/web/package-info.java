/**
 * occ in Spring MVC: problem answers for occ's exceptions (409, 412, 404, 503) and the {@code
 * If-Match}/{@code ETag} helper {@link dev.occ.spring.boot.web.OccHttp}.
 */
@NullMarked
package dev.occ.spring.boot.web;

import org.jspecify.annotations.NullMarked;
