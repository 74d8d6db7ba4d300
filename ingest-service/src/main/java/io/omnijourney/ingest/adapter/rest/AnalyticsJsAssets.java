package io.omnijourney.ingest.adapter.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The analytics.js bundle of the npm package {@code @segment/analytics-next}, unpacked into the jar at build time
 * (see the pom), held in memory plain and gzipped.
 *
 * <p>The standalone bundle finds its CDN, where it loads the source settings and its code chunks from, in the
 * {@code src} of the snippet's script tag, but only for {@code https} URLs; otherwise it falls back to Segment's
 * CDN. The one line served before it sets the snippet's documented {@code _cdn} override to the host the script was
 * loaded from, unless the page set one: a site on plain {@code http} (a local run) then works too, and a site behind
 * a path-prefixing proxy keeps its prefix. The bundle itself is served byte for byte as published.
 */
@ApplicationScoped
public class AnalyticsJsAssets {

    static final String DIRECTORY = "sdk/analytics-next/";
    /** The code chunks the bundle loads on demand are content-hashed, hence immutable. */
    static final Pattern CHUNK_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.bundle\\.[0-9a-f]{8,40}\\.js");

    static final String PRELUDE = "/* analytics.js loads its settings and code from the host that served it. */\n"
            + "(function(){var s=document.currentScript;if(!s||!s.src)return;"
            + "var k=s.getAttribute('data-global-segment-analytics-key')||'analytics',"
            + "i=s.src.indexOf('/analytics.js/v1/');if(i<1)return;"
            + "var a=window[k]=window[k]||[];if(!a._cdn)a._cdn=s.src.substring(0,i);})();\n";

    /** A served file: plain and gzipped bytes and a strong validator. */
    public record Asset(byte[] plain, byte[] gzipped, String etag) {
    }

    private final Asset bundle;
    private final Map<String, Optional<Asset>> chunks = new ConcurrentHashMap<>();

    public AnalyticsJsAssets() {
        byte[] standalone = read(DIRECTORY + "standalone.js").orElseThrow(() -> new IllegalStateException(
                "the analytics.js bundle is missing from the class path (" + DIRECTORY + "standalone.js): "
                        + "the build unpacks it from the npm package"));
        byte[] prelude = PRELUDE.getBytes(StandardCharsets.UTF_8);
        byte[] served = new byte[prelude.length + standalone.length];
        System.arraycopy(prelude, 0, served, 0, prelude.length);
        System.arraycopy(standalone, 0, served, prelude.length, standalone.length);
        this.bundle = asset(served);
    }

    public Asset bundle() {
        return bundle;
    }

    /** A code chunk by file name; empty for anything that is not a chunk of the package. */
    public Optional<Asset> chunk(String name) {
        if (name == null || !CHUNK_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        // Only names that passed the pattern are cached, and only files of the package exist: the map stays small.
        return chunks.computeIfAbsent(name, n -> read(DIRECTORY + n).map(AnalyticsJsAssets::asset));
    }

    private static Asset asset(byte[] plain) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(plain);
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain);
            return new Asset(plain, out.toByteArray(), "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = AnalyticsJsAssets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
