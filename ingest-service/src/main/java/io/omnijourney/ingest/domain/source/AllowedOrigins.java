package io.omnijourney.ingest.domain.source;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.domain.InputProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The browser origins a source accepts calls from (CORS). An entry is {@code *} (any origin), an exact origin such as
 * {@code https://shop.example} (scheme, host and a port other than the scheme's default), or a wildcard on the
 * subdomains of a host such as {@code https://*.shop.example} (not the host itself).
 *
 * <p>{@link #allows} compares the {@code Origin} header as the browser serializes it (lowercase, default port
 * omitted), so the check on every request is a set lookup without parsing.
 */
public final class AllowedOrigins {

    public static final String ANY = "*";
    public static final int MAX_ENTRIES = 100;
    public static final int MAX_ENTRY_LENGTH = 300;

    public static final AllowedOrigins NONE = new AllowedOrigins(false, Set.of(), List.of());
    public static final AllowedOrigins EVERY = new AllowedOrigins(true, Set.of(), List.of());

    private final boolean any;
    private final Set<String> exact;
    /** {@code scheme://} and {@code .host[:port]} of each wildcard entry. */
    private final List<Wildcard> wildcards;

    private record Wildcard(String schemePrefix, String hostSuffix) {
        boolean matches(String origin) {
            return origin.length() > schemePrefix.length() + hostSuffix.length()
                    && origin.startsWith(schemePrefix) && origin.endsWith(hostSuffix)
                    && origin.indexOf('/', schemePrefix.length()) < 0;
        }

        String entry() {
            return schemePrefix + "*" + hostSuffix;
        }
    }

    private AllowedOrigins(boolean any, Set<String> exact, List<Wildcard> wildcards) {
        this.any = any;
        this.exact = Collections.unmodifiableSet(new LinkedHashSet<>(exact));
        this.wildcards = List.copyOf(wildcards);
    }

    /** Browsers and apps on the web and mobile channels call from pages nobody can list in advance. */
    public static AllowedOrigins defaultFor(Channel channel) {
        return channel == Channel.WEB || channel == Channel.MOBILE ? EVERY : NONE;
    }

    /**
     * Parses entries as an admin gives them; problems are reported per entry ({@code allowedOrigins[i]}).
     *
     * @return the origins, or empty when any entry is invalid (then {@code problems} says why)
     */
    public static Optional<AllowedOrigins> parse(List<String> entries, List<InputProblem> problems) {
        if (entries.size() > MAX_ENTRIES) {
            problems.add(new InputProblem("allowedOrigins", "at most " + MAX_ENTRIES + " entries"));
            return Optional.empty();
        }
        int before = problems.size();
        boolean any = false;
        Set<String> exact = new LinkedHashSet<>();
        List<Wildcard> wildcards = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i) == null ? "" : entries.get(i).trim();
            String field = "allowedOrigins[" + i + "]";
            if (entry.equals(ANY)) {
                any = true;
            } else if (entry.length() > MAX_ENTRY_LENGTH) {
                problems.add(new InputProblem(field, "is longer than " + MAX_ENTRY_LENGTH + " characters"));
            } else if (entry.contains("://*.")) {
                Optional<Wildcard> wildcard = wildcard(entry);
                if (wildcard.isEmpty()) {
                    problems.add(new InputProblem(field, invalid(entry)));
                } else if (!wildcards.contains(wildcard.get())) {
                    wildcards.add(wildcard.get());
                }
            } else {
                normalize(entry).ifPresentOrElse(exact::add, () -> problems.add(new InputProblem(field,
                        invalid(entry))));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(any ? EVERY : new AllowedOrigins(false, exact, wildcards));
    }

    private static Optional<Wildcard> wildcard(String entry) {
        int schemeEnd = entry.indexOf("://");
        return normalize(entry.substring(0, schemeEnd + 3) + entry.substring(schemeEnd + 5))
                .map(n -> new Wildcard(n.substring(0, schemeEnd + 3), "." + n.substring(schemeEnd + 3)));
    }

    /** Reads entries that were validated when stored. */
    public static AllowedOrigins ofStored(List<String> entries) {
        List<InputProblem> problems = new ArrayList<>();
        return parse(entries, problems).orElseThrow(() -> new IllegalStateException(
                "stored allowed origins are invalid: " + problems));
    }

    /**
     * The origin as a browser sends it: lowercase scheme and host, no default port, no path. Any scheme with a host
     * is accepted, so that apps in web views ({@code capacitor://localhost}) and extensions can be listed too.
     */
    public static Optional<String> normalize(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_ENTRY_LENGTH) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String path = uri.getRawPath();
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (path != null && !path.isEmpty() && !path.equals("/"))) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }

    public boolean allows(String origin) {
        if (any) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        if (exact.contains(origin)) {
            return true;
        }
        for (Wildcard wildcard : wildcards) {
            if (wildcard.matches(origin)) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsAny() {
        return any;
    }

    public boolean isEmpty() {
        return !any && exact.isEmpty() && wildcards.isEmpty();
    }

    /** The union, for the answer to a preflight, which carries no write key. */
    public AllowedOrigins plus(AllowedOrigins other) {
        if (any || other.any) {
            return EVERY;
        }
        Set<String> allExact = new LinkedHashSet<>(exact);
        allExact.addAll(other.exact);
        List<Wildcard> allWildcards = new ArrayList<>(wildcards);
        other.wildcards.stream().filter(w -> !allWildcards.contains(w)).forEach(allWildcards::add);
        return new AllowedOrigins(false, allExact, allWildcards);
    }

    /** The normalized entries, as stored and shown. */
    public List<String> entries() {
        if (any) {
            return List.of(ANY);
        }
        List<String> entries = new ArrayList<>(exact);
        wildcards.forEach(w -> entries.add(w.entry()));
        return List.copyOf(entries);
    }

    private static String invalid(String entry) {
        return "'" + (entry.length() > 60 ? entry.substring(0, 60) + "..." : entry) + "' is not an origin: expected "
                + "'*', scheme://host[:port] (no path) or scheme://*.host";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowedOrigins other && any == other.any && exact.equals(other.exact)
                && wildcards.equals(other.wildcards);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(any) * 31 + exact.hashCode() * 17 + wildcards.hashCode();
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
