package io.omnijourney.kit.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The secrets a service is configured with, checked before it serves anything outside the dev and test profiles:
 * every required secret is present, every secret (required or found among the configured properties) is at least
 * {@link #MIN_LENGTH} characters, and every API-key digest is a SHA-256 in hex. Problems name the property and never
 * its value.
 */
public final class SecretsCheck {

    /** 16 characters: what a generated secret of 64 random bits or more is at the least, in hex. */
    public static final int MIN_LENGTH = 16;

    /** Properties that hold a secret, by name: API keys, write keys, signing secrets, provider tokens, passwords. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "omnijourney\\..*(\\.key|[.-]secret|[.-]token|[.-]password|\\.write-key|\\.verification-key)");
    private static final Pattern DIGEST_NAME = Pattern.compile("omnijourney\\.auth\\.api-keys\\..+\\.key-sha256");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private SecretsCheck() {
    }

    /**
     * @param configured every property name the configuration knows
     * @param required   secrets that must be set
     * @param lookup     the value of a property
     * @return what is wrong, one line per property; empty when all is well
     */
    public static List<String> problems(Iterable<String> configured, List<String> required,
            Function<String, Optional<String>> lookup, int minLength) {
        TreeSet<String> secrets = new TreeSet<>(required);
        TreeSet<String> digests = new TreeSet<>();
        for (String name : configured) {
            if (SECRET_NAME.matcher(name).matches()) {
                secrets.add(name);
            } else if (DIGEST_NAME.matcher(name).matches()) {
                digests.add(name);
            }
        }
        List<String> problems = new ArrayList<>();
        for (String name : secrets) {
            Optional<String> value = lookup.apply(name).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                if (required.contains(name)) {
                    problems.add(name + " is required and not set");
                }
            } else if (value.get().length() < minLength) {
                problems.add(name + " is shorter than " + minLength + " characters");
            }
        }
        for (String name : digests) {
            if (!lookup.apply(name).map(String::strip).filter(v -> SHA256_HEX.matcher(v).matches()).isPresent()) {
                problems.add(name + " is not a SHA-256 digest (64 hexadecimal characters)");
            }
        }
        return problems;
    }
}
