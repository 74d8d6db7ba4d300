package io.omnijourney.console.app;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Builds service paths from user-supplied values, each encoded, so no value can change the path or add a parameter. */
public final class Paths {

    private Paths() {
    }

    /** One path segment, percent-encoded (a slash in it stays inside the segment). */
    public static String seg(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path?name=value&...} with the non-empty values encoded. */
    public static String query(String path, Map<String, ?> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((name, value) -> {
            if (value != null && !value.toString().isEmpty()) {
                joined.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return joined.length() == 0 ? path : path + "?" + joined;
    }

    /** Parameters in the order given, for {@link #query(String, Map)}. */
    public static Map<String, Object> params(Object... nameValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            map.put((String) nameValues[i], nameValues[i + 1]);
        }
        return map;
    }
}
