package io.omnijourney.kit.mongo;

/** When a service applies its schema migrations ({@code omnijourney.<service>.mongo.migrations}). */
public enum MigrationMode {
    /** At start-up, before the consumers and background jobs start: dev, tests, a single local instance. */
    STARTUP,
    /** Apply them and exit: the command of the Kubernetes Job that runs before a rollout. */
    JOB,
    /** Leave them to the Job: start without touching the schema, even while an index build still runs. */
    SKIP
}
