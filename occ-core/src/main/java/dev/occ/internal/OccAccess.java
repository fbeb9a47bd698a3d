package dev.occ.internal;

import dev.occ.Occ;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lets occ's own SPI reach an {@link Occ}'s transaction runner without a public method on {@code
 * Occ}: the class registers the accessor when it is initialised, before any instance exists.
 */
public final class OccAccess {
  private static volatile @Nullable Function<Occ, Transactions> transactions;

  private OccAccess() {}

  /** Called once by {@code Occ}'s static initialiser. */
  public static void register(Function<Occ, Transactions> accessor) {
    transactions = accessor;
  }

  /** Returns the instance's transaction runner. */
  public static Transactions transactions(Occ occ) {
    Function<Occ, Transactions> accessor = transactions;
    if (accessor == null) {
      throw new IllegalStateException("Occ is not initialised");
    }
    return accessor.apply(occ);
  }
}
