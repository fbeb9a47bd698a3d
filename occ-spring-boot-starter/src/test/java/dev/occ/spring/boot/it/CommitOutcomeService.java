package dev.occ.spring.boot.it;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.VersionedTable;
import dev.occ.spring.boot.RetryOnTransientFailure;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A versioned write in a Spring transaction at occ's retry boundary, with a hook per attempt. */
@Service
public class CommitOutcomeService {
  private static final VersionedTable THINGS = VersionedTable.of("things");

  private final Occ occ;
  private final AtomicInteger calls = new AtomicInteger();

  public CommitOutcomeService(Occ occ) {
    this.occ = occ;
  }

  /** Renames the thing, running the hook with the attempt's number before the write. */
  @Transactional
  @RetryOnTransientFailure
  public RowVersion rename(long id, long version, IntConsumer beforeWrite) {
    beforeWrite.accept(calls.incrementAndGet());
    return occ.update(THINGS).set("name", "renamed").whereId(id).expectVersion(version).execute();
  }

  /** Returns how many times {@link #rename} was entered, and starts counting again. */
  public int callsAndReset() {
    return calls.getAndSet(0);
  }
}
