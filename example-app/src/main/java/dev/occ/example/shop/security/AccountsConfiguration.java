package dev.occ.example.shop.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What the staff accounts need in any application, with or without a web server (the demo data
 * signs users up in both): the password encoder and the {@code shop.security.*} settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
public class AccountsConfiguration {

  /** bcrypt by default; a stored hash names its algorithm ({bcrypt}…), so a stronger can follow. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }
}
