package io.omnijourney.profile.app;

import java.time.Instant;
import java.util.List;

/**
 * An erasure request and how far each service got: this service's purge, and each other service's acknowledgement
 * for every profile id of the request.
 */
public record ErasureStatus(ErasureRequest request, List<ServiceCompletion> services) {

    public ErasureStatus {
        services = List.copyOf(services);
    }

    /** Done when every service is done. */
    public boolean done() {
        return services.stream().allMatch(ServiceCompletion::done);
    }

    /**
     * @param completedAt when the last of its profile ids was purged (null while pending)
     * @param profilesDone how many of the request's profile ids the service purged
     */
    public record ServiceCompletion(String service, boolean done, Instant completedAt, int profilesDone,
            int profilesTotal) {

        static ServiceCompletion done(String service, Instant at, int done, int total) {
            return new ServiceCompletion(service, true, at, done, total);
        }

        static ServiceCompletion pending(String service, int done, int total) {
            return new ServiceCompletion(service, false, null, done, total);
        }
    }
}
