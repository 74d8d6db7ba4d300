package io.omnijourney.journey.adapter.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Maps instances to documents and back. Marketer- and customer-supplied keys (step ids in the visit counts and variants,
 * event properties, trait names) never become field names: visits and variants are {k, v} entries, property maps are JSON text.
 */
final class InstanceDocuments {

    static final Date NO_LEASE = new Date(0);
    private static final ObjectMapper JSON = TouchpointCodec.mapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };

    private InstanceDocuments() {
    }

    /** The state fields (everything except _id, outbox, lease and revision). */
    static Document state(JourneyInstance i) {
        Document d = new Document();
        d.put("journeyId", i.journeyId);
        d.put("version", i.version);
        d.put("profileId", i.profileId);
        d.put("trigger", new Document("messageId", i.trigger.messageId()).append("event", i.trigger.event())
                .append("at", date(i.trigger.at())).append("properties", json(i.trigger.properties())));
        d.put("status", i.status.name());
        d.put("exitReason", i.exitReason);
        d.put("stepId", i.stepId);
        d.put("waitKind", i.waitKind.name());
        d.put("dueAt", date(i.dueAt));
        d.put("waitEvent", i.waitEvent);
        d.put("correlationProperty", i.correlationProperty);
        d.put("correlationValue", i.correlationValue);
        List<Document> visits = new ArrayList<>();
        i.visits.forEach((k, v) -> visits.add(new Document("k", k).append("v", v)));
        d.put("visits", visits);
        if (!i.variants.isEmpty()) {
            List<Document> variants = new ArrayList<>();
            i.variants.forEach((k, v) -> variants.add(new Document("k", k).append("v", v)));
            d.put("variants", variants);
        }
        d.put("path", i.path.stream().map(p -> new Document("s", p.stepId()).append("at", date(p.at()))
                .append("o", p.outcome())).toList());
        d.put("sends", i.sends.stream().map(s -> new Document("s", s.stepId()).append("c", s.channel())
                .append("r", s.requestId()).append("at", date(s.at()))).toList());
        d.put("variables", json(i.variables));
        d.put("seenEvents", i.seenEvents);
        d.put("enteredAt", date(i.enteredAt));
        d.put("updatedAt", date(i.updatedAt));
        d.put("endedAt", date(i.endedAt));
        d.put("goalUntil", date(i.goalUntil));
        d.put("convertedAt", date(i.convertedAt));
        d.put("convertedStepId", i.convertedStepId);
        d.put("lastSendStepId", i.lastSendStepId);
        return d;
    }

    static Document outbox(OutboxMessage m) {
        return new Document("id", m.id()).append("topic", m.topic()).append("key", m.key())
                .append("payload", m.payload()).append("headers", json(m.headers()));
    }

    static StoredInstance read(Document d) {
        JourneyInstance i = new JourneyInstance();
        i.id = d.getString("_id");
        i.journeyId = d.getString("journeyId");
        i.version = d.getInteger("version", 0);
        i.profileId = d.getString("profileId");
        Document t = d.get("trigger", Document.class);
        i.trigger = new JourneyInstance.TriggerEvent(t.getString("messageId"), t.getString("event"),
                map(t.getString("properties")), instant(t.getDate("at")));
        i.status = JourneyInstance.Status.valueOf(d.getString("status"));
        i.exitReason = d.getString("exitReason");
        i.stepId = d.getString("stepId");
        i.waitKind = JourneyInstance.WaitKind.valueOf(d.getString("waitKind"));
        i.dueAt = instant(d.getDate("dueAt"));
        i.waitEvent = d.getString("waitEvent");
        i.correlationProperty = d.getString("correlationProperty");
        i.correlationValue = d.getString("correlationValue");
        i.visits = new LinkedHashMap<>();
        for (Document v : d.getList("visits", Document.class, List.of())) {
            i.visits.put(v.getString("k"), v.getInteger("v"));
        }
        i.path = new ArrayList<>();
        for (Document p : d.getList("path", Document.class, List.of())) {
            i.path.add(new JourneyInstance.PathEntry(p.getString("s"), instant(p.getDate("at")), p.getString("o")));
        }
        i.variants = new LinkedHashMap<>();
        for (Document v : d.getList("variants", Document.class, List.of())) {
            i.variants.put(v.getString("k"), v.getInteger("v"));
        }
        i.sends = new ArrayList<>();
        for (Document s : d.getList("sends", Document.class, List.of())) {
            i.sends.add(new JourneyInstance.SendRecord(s.getString("s"), s.getString("c"), s.getString("r"),
                    instant(s.getDate("at"))));
        }
        i.variables = new LinkedHashMap<>(map(d.getString("variables")));
        i.seenEvents = new ArrayList<>(d.getList("seenEvents", String.class, List.of()));
        i.enteredAt = instant(d.getDate("enteredAt"));
        i.updatedAt = instant(d.getDate("updatedAt"));
        i.endedAt = instant(d.getDate("endedAt"));
        i.goalUntil = instant(d.getDate("goalUntil"));
        i.convertedAt = instant(d.getDate("convertedAt"));
        i.convertedStepId = d.getString("convertedStepId");
        i.lastSendStepId = d.getString("lastSendStepId");
        i.revision = d.get("revision", Number.class) == null ? 0 : d.get("revision", Number.class).longValue();
        List<OutboxMessage> outbox = new ArrayList<>();
        for (Document o : d.getList("outbox", Document.class, List.of())) {
            outbox.add(new OutboxMessage(o.getString("id"), o.getString("topic"), o.getString("key"),
                    o.getString("payload"), textMap(o.getString("headers"))));
        }
        return new StoredInstance(i, outbox);
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> map(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored map is not JSON", e);
        }
    }

    private static Map<String, String> textMap(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, TEXT_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored headers are not JSON", e);
        }
    }
}
