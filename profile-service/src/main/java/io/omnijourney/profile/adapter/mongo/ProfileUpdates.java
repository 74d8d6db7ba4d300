package io.omnijourney.profile.adapter.mongo;

import org.bson.Document;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The update that turns a profile document as stored into the document a replace would write, sending only what
 * changed: {@code $set} of the changed values, {@code $push} with {@code $slice} for a bounded list that only gained
 * entries at its end (applied messageIds, consent history, outbox), {@code $unset} of fields the new document no
 * longer has.
 *
 * <p><b>No user-supplied string is ever part of a path.</b> Paths are made of the encoder's own field names and of
 * array positions: a trait is an element of the {@code traits} array, so changing one sets {@code traits.3.v}, never a
 * path named after the trait. Every name is also checked against {@link #SAFE_NAME} (letters and digits, starting
 * with a letter), and a value under a name that fails it is set whole. Positions are those of the document as read,
 * which the write's {@code {_id, version}} condition guarantees is still the stored one.
 *
 * <p>The result must be exactly the replacement, field order included, as a replace would have stored it (so that
 * the next write can again send only what changed); a field the stored document has and the replacement lacks (the
 * digest earlier versions stored, say) is unset. Where {@code $set} could not guarantee that, namely when the
 * replacement has a top-level field the stored document lacks or orders its fields differently (a document written by
 * an older version: MongoDB appends new fields in its own order), there is no update and the caller replaces the
 * document.
 */
final class ProfileUpdates {

    /** Field names a path may contain: the encoder's names all match, and no operator or separator can. */
    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    /** Paths deeper than this set the value at this depth whole; MongoDB allows 100 levels. */
    private static final int MAX_DEPTH = 12;

    private ProfileUpdates() {
    }

    /**
     * The update from {@code stored} (the document as read, with any field a profile no longer has) to {@code replacement}
     * (what a replace would write), or empty when only a replace gives exactly {@code replacement}.
     */
    static Optional<Document> between(Document stored, Document replacement) {
        if (!sameOrderWithoutExtras(stored, replacement)) {
            return Optional.empty();
        }
        Document set = new Document();
        Document push = new Document();
        Document unset = new Document();
        for (String field : stored.keySet()) {
            if (!replacement.containsKey(field)) {
                if (!SAFE_NAME.matcher(field).matches()) {
                    return Optional.empty();
                }
                unset.append(field, "");
            }
        }
        for (var field : replacement.entrySet()) {
            if (!field.getKey().equals(ProfileDocuments.ID)) {
                diff(field.getKey(), stored.get(field.getKey()), field.getValue(), 1, set, push);
            }
        }
        Document update = new Document();
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        if (!push.isEmpty()) {
            update.append("$push", push);
        }
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        return update.isEmpty() ? Optional.empty() : Optional.of(update);
    }

    /** True when every top-level field of {@code replacement} is stored, in the same order, whatever else is. */
    private static boolean sameOrderWithoutExtras(Document stored, Document replacement) {
        Iterator<String> wanted = replacement.keySet().iterator();
        String next = wanted.hasNext() ? wanted.next() : null;
        for (String field : stored.keySet()) {
            if (field.equals(next)) {
                next = wanted.hasNext() ? wanted.next() : null;
            }
        }
        return next == null && replacement.keySet().stream().allMatch(SAFE_NAME.asPredicate().or("_id"::equals));
    }

    private static void diff(String path, Object stored, Object wanted, int depth, Document set, Document push) {
        if (Objects.equals(stored, wanted)) {
            return;
        }
        if (depth < MAX_DEPTH && stored instanceof Document before && wanted instanceof Document after
                && List.copyOf(before.keySet()).equals(List.copyOf(after.keySet()))
                && after.keySet().stream().allMatch(k -> SAFE_NAME.matcher(k).matches())) {
            after.forEach((key, value) -> diff(path + "." + key, before.get(key), value, depth + 1, set, push));
            return;
        }
        if (depth < MAX_DEPTH && stored instanceof List<?> before && wanted instanceof List<?> after) {
            List<?> added = appended(before, after);
            if (added != null) {
                push.append(path, new Document("$each", added).append("$slice", -after.size()));
                return;
            }
            if (before.size() == after.size() && fewChanged(before, after)) {
                for (int i = 0; i < after.size(); i++) {
                    diff(path + "." + i, before.get(i), after.get(i), depth + 1, set, push);
                }
                return;
            }
        }
        set.append(path, wanted);
    }

    /**
     * The entries to push (keeping the last {@code after.size()}) when {@code after} is the end of {@code before}
     * followed by new entries; null when it is not, or when everything is new (a plain set says that better).
     */
    static List<?> appended(List<?> before, List<?> after) {
        if (after.isEmpty() || before.isEmpty()) {
            return null;
        }
        Object first = after.get(0);
        for (int start = 0; start < before.size(); start++) {
            if (!Objects.equals(before.get(start), first)) {
                continue;
            }
            int kept = before.size() - start;
            if (kept >= after.size()) {
                continue;
            }
            if (before.subList(start, before.size()).equals(after.subList(0, kept))) {
                return new ArrayList<>(after.subList(kept, after.size()));
            }
        }
        return null;
    }

    /** Element by element while at most half the elements changed (or one): otherwise the whole list is smaller. */
    private static boolean fewChanged(List<?> before, List<?> after) {
        int allowed = Math.max(1, after.size() / 2);
        int changed = 0;
        for (int i = 0; i < after.size(); i++) {
            if (!Objects.equals(before.get(i), after.get(i)) && ++changed > allowed) {
                return false;
            }
        }
        return true;
    }
}
