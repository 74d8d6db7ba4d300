package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class InstanceDocumentsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    @Test
    void anInstanceSurvivesTheRoundTripAndUserKeysNeverBecomeFieldNames() {
        JourneyInstance i = new JourneyInstance();
        i.id = "ji-1";
        i.journeyId = "j-1";
        i.version = 3;
        i.profileId = "p-1";
        i.trigger = new JourneyInstance.TriggerEvent("m-1", "Checkout Started",
                Map.of("$where", "evil", "a.b", 1L, "checkout_id", "c-1"), T0);
        i.status = JourneyInstance.Status.ACTIVE;
        i.stepId = "wait.$x";
        i.waitKind = JourneyInstance.WaitKind.EVENT;
        i.dueAt = T0.plusSeconds(3600);
        i.waitEvent = "Order Completed";
        i.correlationProperty = "checkout_id";
        i.correlationValue = "c-1";
        i.visits.put("wait.$x", 2);
        i.path.add(new JourneyInstance.PathEntry("wait.$x", T0, "waiting_for_event"));
        i.sends.add(new JourneyInstance.SendRecord("mail", "email", "jr-1", T0));
        i.variables.put("$set", "x");
        i.seenEvents.add("m-1");
        i.enteredAt = T0;
        i.updatedAt = T0;
        i.goalUntil = T0.plusSeconds(86_400);
        i.lastSendStepId = "mail";

        Document stored = InstanceDocuments.state(i).append("_id", i.id).append("revision", 7L)
                .append("outbox", List.of(InstanceDocuments.outbox(new OutboxMessage("jr-1", "notification-requests",
                        "p-1", "{\"a\":1}", Map.of("ce_id", "jr-1")))));
        assertThat(fieldNames(stored)).noneMatch(name -> name.startsWith("$") || name.contains("."));

        StoredInstance read = InstanceDocuments.read(stored);
        JourneyInstance back = read.instance();
        assertThat(back.revision).isEqualTo(7L);
        assertThat(back.trigger).isEqualTo(i.trigger);
        assertThat(back.visits).isEqualTo(i.visits);
        assertThat(back.path).isEqualTo(i.path);
        assertThat(back.sends).isEqualTo(i.sends);
        assertThat(back.variables).isEqualTo(i.variables);
        assertThat(back.seenEvents).isEqualTo(i.seenEvents);
        assertThat(back.dueAt).isEqualTo(i.dueAt);
        assertThat(back.waitKind).isEqualTo(i.waitKind);
        assertThat(back.correlationValue).isEqualTo("c-1");
        assertThat(back.goalUntil).isEqualTo(i.goalUntil);
        assertThat(read.outbox()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("jr-1");
            assertThat(m.headers()).containsEntry("ce_id", "jr-1");
        });
    }

    private static List<String> fieldNames(Object value) {
        List<String> names = new java.util.ArrayList<>();
        if (value instanceof Document d) {
            d.forEach((k, v) -> {
                names.add(k);
                names.addAll(fieldNames(v));
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> names.addAll(fieldNames(v)));
        }
        return names;
    }
}
