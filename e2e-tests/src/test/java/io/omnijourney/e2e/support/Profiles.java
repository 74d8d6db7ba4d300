package io.omnijourney.e2e.support;

import static io.omnijourney.e2e.support.Stack.ANALYST_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What an analyst reads from profile-service: profiles by identifier and their timelines. */
public final class Profiles {

    private final Stack stack;

    public Profiles(Stack stack) {
        this.stack = stack;
    }

    /** The profile an identifier ({@code email:ana@example.com}) belongs to, or null while there is none. */
    public JsonNode lookup(String identifier) {
        Http.Answer answer = Http.get(stack.profile.url() + "/profiles/lookup?identifier="
                + URLEncoder.encode(identifier, StandardCharsets.UTF_8), ANALYST_KEY);
        return answer.status() == 200 ? answer.json() : null;
    }

    /** The newest 200 items of a profile's timeline. */
    public JsonNode timeline(String profileId) {
        return Http.get(stack.profile.url() + "/profiles/" + profileId + "/timeline?limit=200", ANALYST_KEY)
                .expect(200).json();
    }

    /** The values of a JSON array of strings, such as one identifier type of a profile. */
    public static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
