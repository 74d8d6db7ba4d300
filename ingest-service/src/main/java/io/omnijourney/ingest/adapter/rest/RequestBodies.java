package io.omnijourney.ingest.adapter.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.tracking.PayloadTooLargeException;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Turns raw request bytes into JSON the way real SDKs send them: any Content-Type, optionally gzip- or
 * deflate-compressed, bounded in decompressed size (so a small compressed body cannot expand without limit) and in
 * nesting depth (so deep nesting cannot exhaust the stack).
 */
@ApplicationScoped
public class RequestBodies {

    private final int maxRequestBytes;
    private final ObjectMapper mapper;

    /** Jackson's refusal of a duplicate key in a tree; the client is told the key, not Jackson's feature name. */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*?)' for `ObjectNode`");

    public RequestBodies(IngestConfig config) {
        this.maxRequestBytes = config.limits().maxRequestBytes();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(config.limits().maxNestingDepth())
                        .maxStringLength(maxRequestBytes)
                        .build())
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
        // Duplicate keys are refused while the tree is built (the map's put answers whether the key was there),
        // not by the parser's STRICT_DUPLICATE_DETECTION, which keeps a second set of names per object.
        this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
    }

    public byte[] decode(byte[] raw, String contentEncoding) {
        byte[] body = raw == null ? new byte[0] : raw;
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> bounded(body);
            case "gzip", "x-gzip" -> inflate(body, true);
            case "deflate" -> inflate(body, false);
            default -> throw new ApiException(415, ErrorResponse.of("unsupported content encoding",
                    "Content-Encoding", "must be gzip, deflate or identity, was '" + abbreviate(encoding) + "'"));
        };
    }

    public JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            throw new InvalidInputException("body", "is empty: a JSON object is required");
        }
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode node = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException("body", "has data after the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            Matcher duplicate = DUPLICATE_KEY.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.lookingAt()) {
                throw new InvalidInputException("body", "malformed JSON" + where + ": Duplicate key '"
                        + abbreviate(duplicate.group(1)) + "'");
            }
            throw new InvalidInputException("body", "malformed JSON" + where + ": "
                    + abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidInputException("body", "unreadable: " + abbreviate(e.getMessage()));
        }
    }

    private byte[] bounded(byte[] body) {
        if (body.length > maxRequestBytes) {
            throw tooLarge();
        }
        return body;
    }

    private byte[] inflate(byte[] compressed, boolean gzip) {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            byte[] inflated = in.readNBytes(maxRequestBytes + 1);
            if (inflated.length > maxRequestBytes) {
                throw tooLarge();
            }
            return inflated;
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInputException("body", "is not valid " + (gzip ? "gzip" : "deflate") + " data");
        } catch (IOException e) {
            throw new InvalidInputException("body", "could not be decompressed");
        }
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("body", "is larger than " + maxRequestBytes + " bytes (after decompression)");
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}
