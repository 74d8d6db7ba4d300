package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads the identifiers an event carries. */
public final class Identifiers {

    private Identifiers() {
    }

    public static ExtractedIdentity extract(TouchpointEvent event, IdentityConfig config) {
        Extraction extraction = new Extraction(EventStamp.of(event), config);
        extraction.add(IdentifierType.USER_ID, event.userId(), IdentifierNormalizer::opaque, RefusalReason.INVALID_IDENTIFIER);
        extraction.add(IdentifierType.ANONYMOUS_ID, event.anonymousId(), IdentifierNormalizer::opaque,
                RefusalReason.INVALID_IDENTIFIER);
        extraction.add(IdentifierType.EMAIL, trait(event, "email"), IdentifierNormalizer::email, RefusalReason.INVALID_EMAIL);
        extraction.add(IdentifierType.PHONE, trait(event, "phone"), config::phone, RefusalReason.INVALID_PHONE);
        extraction.add(IdentifierType.DEVICE_ID, deviceId(event), IdentifierNormalizer::opaque, RefusalReason.INVALID_IDENTIFIER);
        for (String name : config.customIdentifierTraits()) {
            extraction.add(name, trait(event, name), IdentifierNormalizer::opaque, RefusalReason.INVALID_IDENTIFIER);
        }
        Optional<String> previousId = event.type() == EventType.ALIAS ? extraction.aliasPreviousId(event.previousId())
                : Optional.empty();
        return new ExtractedIdentity(extraction.source, extraction.identifiers, previousId, extraction.refused);
    }

    /** {@code traits} first, then {@code context.traits}, where Segment puts traits on calls other than identify. */
    static Object trait(TouchpointEvent event, String key) {
        Object direct = event.traits() == null ? null : event.traits().get(key);
        if (direct != null) {
            return direct;
        }
        Map<?, ?> contextTraits = event.context() == null ? null
                : event.context().get("traits") instanceof Map<?, ?> m ? m : null;
        return contextTraits == null ? null : contextTraits.get(key);
    }

    private static Object deviceId(TouchpointEvent event) {
        if (event.context() != null && event.context().get("device") instanceof Map<?, ?> device) {
            return device.get("id");
        }
        return null;
    }

    private static final class Extraction {

        private final EventStamp source;
        private final IdentityConfig config;
        private final List<Identifier> identifiers = new ArrayList<>();
        private final List<Refusal> refused = new ArrayList<>();

        Extraction(EventStamp source, IdentityConfig config) {
            this.source = source;
            this.config = config;
        }

        void add(String type, Object raw, Function<String, Optional<String>> normalizer, RefusalReason invalid) {
            if (isAbsent(raw)) {
                return;
            }
            Optional<String> text = IdentifierNormalizer.text(raw);
            if (text.isEmpty()) {
                refused.add(Refusal.of(type, raw, RefusalReason.INVALID_IDENTIFIER, source));
                return;
            }
            accept(type, text.get(), normalizer, invalid).ifPresent(value -> {
                Identifier identifier = Identifier.of(type, value);
                if (!identifiers.contains(identifier)) {
                    identifiers.add(identifier);
                }
            });
        }

        Optional<String> aliasPreviousId(String raw) {
            if (isAbsent(raw)) {
                return Optional.empty();
            }
            return accept(IdentifierType.ANONYMOUS_ID, raw, IdentifierNormalizer::opaque, RefusalReason.INVALID_IDENTIFIER)
                    .filter(previous -> !identifiers.contains(Identifier.of(IdentifierType.USER_ID, previous)));
        }

        /** Blocked is checked on the raw value too: a placeholder that fails normalization is still a placeholder. */
        private Optional<String> accept(String type, String raw, Function<String, Optional<String>> normalizer,
                                        RefusalReason invalid) {
            if (config.isBlocked(raw)) {
                refused.add(Refusal.of(type, raw, RefusalReason.BLOCKED_VALUE, source));
                return Optional.empty();
            }
            Optional<String> normalized = normalizer.apply(raw);
            if (normalized.isEmpty()) {
                refused.add(Refusal.of(type, raw, invalid, source));
                return Optional.empty();
            }
            if (config.isBlocked(normalized.get())) {
                refused.add(Refusal.of(type, normalized.get(), RefusalReason.BLOCKED_VALUE, source));
                return Optional.empty();
            }
            return normalized;
        }

        private static boolean isAbsent(Object raw) {
            return raw == null || raw instanceof String s && s.isBlank();
        }
    }
}
