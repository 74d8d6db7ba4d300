package io.omnijourney.journey.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic ids: the same inputs give the same id in every process, so a replay re-emits, never re-invents. */
public final class RequestIds {

    private RequestIds() {
    }

    /** The request id of the {@code visit}-th execution of a step by an instance. */
    public static String request(String journeyId, String instanceId, String stepId, int visit) {
        return "jr-" + digest(journeyId + "\u0000" + instanceId + "\u0000" + stepId + "\u0000" + visit, 16);
    }

    /** The instance id: one per (journey, profile, triggering event), or one per (journey, profile) if it never re-enters. */
    public static String instance(String journeyId, String profileId, String triggerMessageId) {
        return "ji-" + digest(journeyId + "\u0000" + profileId + "\u0000"
                + (triggerMessageId == null ? "" : triggerMessageId), 16);
    }

    /**
     * A field name standing for a marketer-supplied name (a journey id, a step id) in stored documents: {@code k} and
     * hex digits, so that no supplied text ever becomes a MongoDB field name.
     */
    public static String fieldKey(String name) {
        return "k" + digest(name, 12);
    }

    /** 0..99, uniform enough and stable for one profile at one split step. */
    public static int bucket(String journeyId, String stepId, String profileId) {
        byte[] d = sha256(journeyId + "\u0000" + stepId + "\u0000" + profileId);
        int value = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        return Math.floorMod(value, 100);
    }

    private static String digest(String text, int bytes) {
        byte[] d = sha256(text);
        return HexFormat.of().formatHex(d, 0, bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
