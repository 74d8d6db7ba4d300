package io.omnijourney.ingest.domain.qr;

import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A printed QR code of a source (a store's window poster, a receipt, a product tag): scanning it records a
 * {@code QR Code Scanned} touchpoint with the code's properties and sends the phone on to {@code target}, a URL on
 * one of the origins the source lists (never one the scan supplies, so the code cannot be turned into an open
 * redirect).
 */
public record QrCode(String id, String sourceId, String name, String target, Map<String, Object> properties,
        Instant createdAt, Instant revokedAt) {

    public static final String EVENT = "QR Code Scanned";
    public static final int MAX_TARGET_LENGTH = 2_000;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_PROPERTIES = 20;
    public static final int MAX_VALUE_LENGTH = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public QrCode {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public QrCode revoked(Instant at) {
        return new QrCode(id, sourceId, name, target, properties, createdAt, at);
    }

    /** A new code of {@code source}, every problem of the request named by its field. */
    public static QrCode create(String id, Source source, String name, String target, Map<String, Object> properties,
            Instant now) {
        List<InputProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            problems.add(new InputProblem("name", "is required, at most " + MAX_NAME_LENGTH + " characters"));
        }
        checkTarget(target, source.allowedOrigins()).ifPresent(p -> problems.add(new InputProblem("target", p)));
        Map<String, Object> props = new LinkedHashMap<>();
        if (properties != null) {
            if (properties.size() > MAX_PROPERTIES) {
                problems.add(new InputProblem("properties", "at most " + MAX_PROPERTIES + " entries"));
            }
            properties.forEach((key, value) -> {
                String field = "properties." + (key.length() > 64 ? key.substring(0, 64) + "..." : key);
                if (!KEY.matcher(key).matches()) {
                    problems.add(new InputProblem(field, "keys are a letter then letters, digits or '_' (64 at most)"));
                } else if (value instanceof String s && s.length() <= MAX_VALUE_LENGTH
                        || value instanceof Number || value instanceof Boolean) {
                    props.put(key, value);
                } else {
                    problems.add(new InputProblem(field, "must be a string of at most " + MAX_VALUE_LENGTH
                            + " characters, a number or a boolean"));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new QrCode(id, source.id(), name.strip(), target.strip(), props, now, null);
    }

    /** Why {@code target} may not be a code's destination, if it may not. */
    static Optional<String> checkTarget(String target, AllowedOrigins allowed) {
        if (target == null || target.isBlank() || target.length() > MAX_TARGET_LENGTH) {
            return Optional.of("is required: an http(s) URL of at most " + MAX_TARGET_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(target.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return Optional.of("must be an absolute http(s) URL with a host and no user name");
        }
        if (allowed.allowsAny()) {
            return Optional.of("the source allows any origin ('*'); list the target's origin in its allowedOrigins");
        }
        String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        Optional<String> normalized = AllowedOrigins.normalize(origin);
        if (normalized.isEmpty() || !allowed.allows(normalized.get())) {
            return Optional.of("origin " + origin + " is not among the source's allowedOrigins");
        }
        return Optional.empty();
    }

    /** Where a scan goes: the target with {@code ajs_aid}, which analytics.js on that site takes as its anonymous id. */
    public String redirectFor(String anonymousId) {
        int hash = target.indexOf('#');
        String base = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? "" : target.substring(hash);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + separator + "ajs_aid=" + java.net.URLEncoder.encode(anonymousId,
                java.nio.charset.StandardCharsets.UTF_8) + fragment;
    }
}
