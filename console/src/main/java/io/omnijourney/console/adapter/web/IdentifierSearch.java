package io.omnijourney.console.adapter.web;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the one search box means. profile-service finds a profile by {@code GET /profiles/lookup?identifier=type:value}
 * (or by its id); the box takes any of them: chosen explicitly, or guessed from the text, each guess tried in turn until
 * one finds somebody.
 */
final class IdentifierSearch {

    /** {@code auto} guesses; {@code id} is a profile id; the others are identifier types of profile-service. */
    static final List<String> TYPES = List.of("auto", "email", "phone", "userId", "anonymousId", "id");
    static final String PROFILE_ID = "id";
    private static final Set<String> KNOWN = Set.copyOf(TYPES);
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{3,}");

    private IdentifierSearch() {
    }

    /**
     * The lookups to try, in order: for {@code auto}, text with {@code @} is an email; text starting with {@code +} or
     * a digit that reads as a phone number is a phone (then a userId or a profile id, for numeric ids); anything else a
     * userId, then a profile id, then an anonymousId.
     */
    static List<String> candidates(String type, String text) {
        String chosen = type == null ? "auto" : type.strip();
        if (KNOWN.contains(chosen) && !chosen.equals("auto")) {
            return List.of(chosen);
        }
        String q = text.strip();
        if (q.contains("@")) {
            return List.of("email");
        }
        if (PHONE.matcher(q).matches()) {
            return List.of("phone", "userId", PROFILE_ID);
        }
        return List.of("userId", PROFILE_ID, "anonymousId");
    }
}
