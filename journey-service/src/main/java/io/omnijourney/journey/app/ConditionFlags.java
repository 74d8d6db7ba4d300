package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.Condition;
import java.util.Optional;

/**
 * Port: the latest over-budget evaluation of each published journey version, kept where every instance of the service
 * sees it. An instance cuts an evaluation off in memory ({@link Condition#lastOverBudget()}); the flag is written here
 * shortly after, so the journey's GET answers the same on every replica and after a restart.
 */
public interface ConditionFlags {

    /** Stores the flag of a version unless a later one is stored already. */
    void record(String journeyId, int version, Condition.OverBudget flag);

    Optional<Condition.OverBudget> find(String journeyId, int version);
}
