package dev.occ.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The auto shop's appointment board: a board API and a move API on occ. */
@SpringBootApplication
@EnableConfigurationProperties(ShopProperties.class)
public class ShopApplication {

  /** Starts the shop; with nothing configured, on an in-memory H2 database with demo data. */
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
