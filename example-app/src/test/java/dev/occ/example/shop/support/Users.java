package dev.occ.example.shop.support;

import dev.occ.example.shop.security.Role;
import dev.occ.example.shop.security.ShopUser;
import dev.occ.example.shop.security.UserAccounts;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import org.springframework.context.ApplicationContext;

/**
 * The tests' staff: an advisor, a second advisor and a viewer in shop {@code north}, an advisor and
 * a viewer in {@code south}. Their password is made at random for each test run, so no password
 * lives in the repository.
 */
public final class Users {
  public static final String PASSWORD = "pw-" + UUID.randomUUID();

  public static final String NORTH_ADVISOR = "north-advisor";
  public static final String NORTH_ADVISOR_2 = "north-advisor-2";
  public static final String NORTH_VIEWER = "north-viewer";
  public static final String SOUTH_ADVISOR = "south-advisor";
  public static final String SOUTH_VIEWER = "south-viewer";

  private static final List<ShopUser> ALL =
      List.of(
          new ShopUser(NORTH_ADVISOR, "north", Role.ADVISOR),
          new ShopUser(NORTH_ADVISOR_2, "north", Role.ADVISOR),
          new ShopUser(NORTH_VIEWER, "north", Role.VIEWER),
          new ShopUser(SOUTH_ADVISOR, "south", Role.ADVISOR),
          new ShopUser(SOUTH_VIEWER, "south", Role.VIEWER));

  /** The applications whose database has the users already (each hash costs tens of ms). */
  private static final Set<UserAccounts> DONE =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private Users() {}

  /** Adds the shops and the users with {@link #PASSWORD}, once per application. */
  public static void signUp(UserAccounts accounts) {
    if (DONE.contains(accounts)) {
      return;
    }
    accounts.ensureShop("north", "North");
    accounts.ensureShop("south", "South");
    ALL.forEach(user -> accounts.save(user, PASSWORD));
    DONE.add(accounts);
  }

  /** Signs the users up through the application's accounts. */
  public static void signUp(ApplicationContext context) {
    signUp(context.getBean(UserAccounts.class));
  }
}
