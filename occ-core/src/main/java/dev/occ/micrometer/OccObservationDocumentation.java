package dev.occ.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations occ makes, their keys and their events, as Micrometer documents them. */
public enum OccObservationDocumentation implements ObservationDocumentation {
  /** One versioned operation (update, insert, delete, batch update, modify) or inTransaction. */
  OPERATION {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultOccObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeyNames.values();
    }

    @Override
    public Observation.Event[] getEvents() {
      return Events.values();
    }
  };

  /** The keys every occ observation carries. */
  public enum LowCardinalityKeyNames implements KeyName {
    /** The table written ({@code transaction} for inTransaction). */
    TABLE {
      @Override
      public String asString() {
        return "table";
      }
    },
    /** {@code update|insert|delete|batch_update|modify|transaction}. */
    OPERATION {
      @Override
      public String asString() {
        return "operation";
      }
    },
    /** {@code success|conflict|not_found|error|unknown}; set when the operation ended. */
    OUTCOME {
      @Override
      public String asString() {
        return "outcome";
      }
    }
  }

  /** What happens during an occ observation. */
  public enum Events implements Observation.Event {
    /**
     * occ re-runs the operation's transaction after a transient error; the contextual name says why
     * and which attempt starts, e.g. {@code retry after deadlock, attempt 2}.
     */
    RETRY {
      @Override
      public String getName() {
        return "retry";
      }

      @Override
      public String getContextualName() {
        return "retry after %s, attempt %s";
      }
    }
  }
}
