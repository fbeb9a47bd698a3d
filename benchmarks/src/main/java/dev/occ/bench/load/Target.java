package dev.occ.bench.load;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * One app the load test drives: a short name for its files and reports, and its base URL.
 *
 * @param name letters, digits, '-' or '_', e.g. {@code occ} or {@code jpa}
 * @param url the app's base URL, without a trailing slash
 */
public record Target(String name, URI url) {
  /** The name of the one target given with {@code --url}. */
  public static final String SINGLE = "app";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** Checks the name and the URL. */
  public Target {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "target name '" + name + "' must be 1-32 letters, digits, '-' or '_'");
    }
    String scheme = url.getScheme();
    if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("a target must be an http(s) URL with a host: " + url);
    }
  }

  /**
   * A target from a URL as typed, a trailing slash dropped.
   *
   * @throws IllegalArgumentException if the name or the URL is not acceptable
   */
  public static Target of(String name, String url) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    return new Target(name, uri);
  }
}
