package io.omnijourney.deploy;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Container image references: pinned (a version tag or a digest), and pinned by digest. */
final class Images {

    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

    private Images() {
    }

    static boolean byDigest(String image) {
        return DIGEST.matcher(image).find();
    }

    /** A tag that names a release (never latest, never none), or a digest. */
    static void assertPinned(String image) {
        if (byDigest(image)) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.indexOf(':', slash + 1);
        assertThat(colon).as("%s has no tag", image).isPositive();
        assertThat(image.substring(colon + 1)).as(image).isNotEqualTo("latest").isNotBlank();
    }

    /** The registry part of an image reference (before the first slash, when it names a host). */
    static String registry(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "";
    }
}
