package io.omnijourney.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The role matrix of a service: every endpoint of its OpenAPI document against every role.
 *
 * <p>A service declares its rules in a classpath file, one endpoint per line: {@code METHOD /path = roles}, where
 * roles is a comma-separated list of {@code admin}, {@code marketer}, {@code analyst}, or {@code public} for an
 * endpoint that authenticates by its own means (write keys, provider signatures, signed links). {@link #verify} then
 * <ul>
 *   <li>fails when the service exposes an endpoint without a rule, or a rule names an endpoint that does not exist;</li>
 *   <li>calls every endpoint without a key (expects 401 unless public), and with each role's key: a role the rule
 *       allows must get past authorization (neither 401 nor 403), any other role must get 403;</li>
 *   <li>fails on any 5xx: a probe carries placeholder identifiers and an empty JSON body, which are client mistakes.</li>
 * </ul>
 * Every violation is collected, so one run names them all.
 */
public final class RoleMatrix {

    public static final List<String> ROLES = List.of("admin", "marketer", "analyst");
    public static final String PUBLIC = "public";

    private static final Pattern RULE = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE|HEAD)\\s+(\\S+)\\s*=\\s*(.+)$");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head");

    /** One declared rule: who may call {@code method path}. */
    public record Rule(String method, String path, Set<String> roles) {

        public boolean isPublic() {
            return roles.contains(PUBLIC);
        }

        String endpoint() {
            return method + " " + path;
        }
    }

    private RoleMatrix() {
    }

    /** The API keys every service's test profile declares, one per role. */
    public static final Map<String, String> TEST_KEYS = Map.of("admin", "test-admin-key", "marketer",
            "test-marketer-key", "analyst", "test-analyst-key");

    /** {@link #verify} of the service at {@code base} against {@code role-matrix.txt}, with {@link #TEST_KEYS}. */
    public static List<String> verifyTestProfile(URI base) {
        return verify(base, TEST_KEYS, rules("role-matrix.txt"));
    }

    /** Reads the rules from a classpath resource (blank lines and lines starting with # are skipped). */
    public static Map<String, Rule> rules(String resource) {
        InputStream in = RoleMatrix.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no role matrix at classpath:" + resource);
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = RULE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a rule (METHOD /path = roles): " + line);
                }
                Set<String> roles = new TreeSet<>();
                for (String role : m.group(3).split(",")) {
                    String r = role.strip().toLowerCase(Locale.ROOT);
                    if (!ROLES.contains(r) && !PUBLIC.equals(r)) {
                        throw new IllegalArgumentException("unknown role '" + r + "' in: " + line);
                    }
                    roles.add(r);
                }
                Rule rule = new Rule(m.group(1), m.group(2), roles);
                if (rules.put(rule.endpoint(), rule) != null) {
                    throw new IllegalArgumentException("two rules for " + rule.endpoint());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    /** Every {@code METHOD /path} the service's OpenAPI document lists. */
    public static Set<String> endpoints(URI base) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/q/openapi?format=json")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /q/openapi answered " + response.statusCode());
        }
        try {
            JsonNode paths = new ObjectMapper().readTree(response.body()).path("paths");
            Set<String> endpoints = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        endpoints.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                });
            }
            return endpoints;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks the rules against the running service at {@code base}. {@code keys} maps each role to an API key of
     * that role, sent in {@code X-API-Key}. Returns the violations (empty when the matrix holds).
     */
    public static List<String> verify(URI base, Map<String, String> keys, Map<String, Rule> rules) {
        List<String> violations = new ArrayList<>();
        Set<String> exposed = endpoints(base);
        for (String endpoint : exposed) {
            if (!rules.containsKey(endpoint)) {
                violations.add(endpoint + ": exposed with no declared rule");
            }
        }
        for (String endpoint : rules.keySet()) {
            if (!exposed.contains(endpoint)) {
                violations.add(endpoint + ": declared but not exposed");
            }
        }
        for (Rule rule : rules.values()) {
            if (!exposed.contains(rule.endpoint())) {
                continue;
            }
            int anonymous = call(base, rule, null);
            if (anonymous >= 500) {
                violations.add(rule.endpoint() + " without a key: " + anonymous);
            } else if (!rule.isPublic() && anonymous != 401) {
                violations.add(rule.endpoint() + " without a key: expected 401, got " + anonymous);
            }
            if (rule.isPublic()) {
                continue;
            }
            for (String role : ROLES) {
                String key = keys.get(role);
                if (key == null) {
                    throw new IllegalArgumentException("no key for role " + role);
                }
                int status = call(base, rule, key);
                boolean allowed = rule.roles().contains(role);
                if (status >= 500) {
                    violations.add(rule.endpoint() + " as " + role + ": " + status);
                } else if (allowed && (status == 401 || status == 403)) {
                    violations.add(rule.endpoint() + " as " + role + ": allowed by the matrix, answered " + status);
                } else if (!allowed && status != 403) {
                    violations.add(rule.endpoint() + " as " + role + ": not allowed by the matrix, answered " + status);
                }
            }
        }
        return violations;
    }

    private static int call(URI base, Rule rule, String key) {
        String path = PARAMETER.matcher(rule.path()).replaceAll(m ->
                m.group(1).toLowerCase(Locale.ROOT).contains("version") ? "1" : "role-matrix-probe");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        boolean withBody = Set.of("POST", "PUT", "PATCH").contains(rule.method());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        request.method(rule.method(), withBody ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        // Only the status: the body is not waited for, since a stream (server-sent events) never ends.
        try {
            HttpResponse<java.io.InputStream> response = Client.HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return Client.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Client {
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }
}
