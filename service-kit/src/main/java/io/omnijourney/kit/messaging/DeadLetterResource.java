package io.omnijourney.kit.messaging;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.apache.kafka.common.KafkaException;

/**
 * Admin: re-publishes a consumer's dead-lettered records to their source topic after the cause was fixed
 * ({@code POST /admin/dead-letters/{channel}/replay?limit=1000}). Every service with consumers has it.
 */
@Path("/admin/dead-letters")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetterReplay replay;

    public DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @POST
    @Path("{channel}/replay")
    public DeadLetterReplay.Result replay(@PathParam("channel") String channel,
            @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (limit < 1) {
            throw ApiException.badRequest("invalid replay", java.util.List.of(
                    new ErrorResponse.FieldProblem("limit", "must be at least 1")));
        }
        String topic = replay.deadLetterTopic(channel)
                .orElseThrow(() -> ApiException.notFound("consumer channel with a dead-letter topic '" + channel + "'"));
        try {
            return replay.replay(channel, topic, limit);
        } catch (KafkaException | RecordPublisher.PublishException e) {
            throw new ApiException(503, ErrorResponse.of("Kafka is unavailable: " + e.getMessage()),
                    Map.of("Retry-After", "10"));
        }
    }
}
