package dev.occ.bench.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The JPA peer of the example app: the same HTTP API on the same database, on Spring Data JPA.
 * Reads {@code jpa-shop.yml}, not {@code application.yml}, so nothing else in this module picks up
 * its settings.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.occ.bench.jpa.JpaShopApplication \
 *     --server.port=8081 --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test
 * </pre>
 */
@SpringBootApplication
public class JpaShopApplication {

  /** Starts the peer; command-line arguments override {@code jpa-shop.yml}. */
  public static void main(String[] args) {
    start(args);
  }

  /** Starts the peer with its own configuration file and returns its context. */
  public static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(JpaShopApplication.class)
        .properties("spring.config.name=jpa-shop")
        .run(args);
  }
}
