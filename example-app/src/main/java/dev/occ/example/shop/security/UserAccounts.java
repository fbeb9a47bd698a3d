package dev.occ.example.shop.security;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * The staff accounts in the {@code users} table. Passwords are hashed here, with the application's
 * {@link PasswordEncoder}, and every change forgets the user's {@link VerifiedCredentials}.
 */
@Repository
public class UserAccounts {
  private final Jdbi jdbi;
  private final PasswordEncoder passwords;
  private final VerifiedCredentials verified;

  /** Creates the repository on the application's Jdbi. */
  public UserAccounts(Jdbi jdbi, PasswordEncoder passwords, VerifiedCredentials verified) {
    this.jdbi = jdbi;
    this.passwords = passwords;
    this.verified = verified;
  }

  /**
   * An account as stored.
   *
   * @param user the user it signs in as
   * @param passwordHash the encoded password, {@code {bcrypt}…}
   * @param enabled whether it may sign in
   */
  public record Account(ShopUser user, String passwordHash, boolean enabled) {}

  /** Returns the account with exactly this user name, if there is one. */
  public Optional<Account> find(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT username, password_hash, shop_id, role, enabled FROM users"
                        + " WHERE username = :username")
                .bind("username", username)
                .map(
                    (rs, ctx) ->
                        new Account(
                            new ShopUser(
                                rs.getString(1),
                                rs.getString(3),
                                Role.byName(rs.getString(4)).orElseThrow()),
                            rs.getString(2),
                            rs.getBoolean(5)))
                .findOne());
  }

  /** Adds the shop if there is none with this id. */
  public void ensureShop(String id, String name) {
    jdbi.useHandle(
        h -> {
          boolean exists =
              h.createQuery("SELECT 1 FROM shops WHERE id = :id")
                  .bind("id", id)
                  .mapTo(Integer.class)
                  .findOne()
                  .isPresent();
          if (!exists) {
            h.createUpdate("INSERT INTO shops (id, name) VALUES (:id, :name)")
                .bind("id", id)
                .bind("name", name)
                .execute();
          }
        });
  }

  /**
   * Creates the account or replaces its password, shop and role, and enables it; the password is
   * hashed here.
   */
  public void save(ShopUser user, String password) {
    String hash = passwords.encode(password);
    jdbi.useTransaction(
        h -> {
          int updated =
              h.createUpdate(
                      "UPDATE users SET password_hash = :hash, shop_id = :shop, role = :role,"
                          + " enabled = TRUE WHERE username = :username")
                  .bind("hash", hash)
                  .bind("shop", user.shop())
                  .bind("role", user.role().name())
                  .bind("username", user.username())
                  .execute();
          if (updated == 0) {
            h.createUpdate(
                    "INSERT INTO users (username, password_hash, shop_id, role, enabled)"
                        + " VALUES (:username, :hash, :shop, :role, TRUE)")
                .bind("username", user.username())
                .bind("hash", hash)
                .bind("shop", user.shop())
                .bind("role", user.role().name())
                .execute();
          }
        });
    verified.forget(user.username());
  }

  /** Stops or allows the account's sign-ins (sessions opened before stay until they end). */
  public void setEnabled(String username, boolean enabled) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE users SET enabled = :enabled WHERE username = :username")
                .bind("enabled", enabled)
                .bind("username", username)
                .execute());
    verified.forget(username);
  }
}
