package io.omnijourney.profile.adapter.rest;

import io.omnijourney.profile.app.ErasureRequest;
import io.omnijourney.profile.app.ErasureStatus;
import java.time.Instant;
import java.util.List;

/**
 * An erasure request as the REST API shows it: what was asked, when, for which profile ids, whether
 * {@code profile_erased} is published yet, and each service's completion.
 *
 * @param status    {@code done} once every service has purged every profile id, else {@code pending}
 * @param published when the broker acknowledged {@code profile_erased} for every profile id (null: pending, the relay
 *                  retries)
 */
public record ErasureResponse(String erasureId, String profileId, List<String> profileIds, Instant requestedAt,
        String status, Instant published, int publishAttempts, List<ServiceStatus> services, String statusUrl) {

    /**
     * @param status      {@code done} or {@code pending}
     * @param completedAt when the service purged the last profile id of the request (null while pending)
     */
    public record ServiceStatus(String service, String status, Instant completedAt, int profilesDone,
            int profilesTotal) {
    }

    static ErasureResponse of(ErasureStatus status) {
        ErasureRequest r = status.request();
        return new ErasureResponse(r.erasureId(), r.profileId(), r.profileIds(), r.requestedAt(),
                status.done() ? "done" : "pending", r.publication().sentAt(), r.publication().attempts(),
                status.services().stream().map(s -> new ServiceStatus(s.service(), s.done() ? "done" : "pending",
                        s.completedAt(), s.profilesDone(), s.profilesTotal())).toList(),
                ErasureResource.PATH + "/" + r.erasureId());
    }
}
