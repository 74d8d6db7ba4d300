package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * Everything profile-service does only because the local stack and the tests run on the MongoDB wire-protocol server
 * (mongo-java-server) rather than on MongoDB, in one place. {@code omnijourney.profile.mongo.local-server-workarounds}
 * turns them on (the default, for the local server) or off (real MongoDB, where none of them is needed):
 *
 * <ol>
 *   <li><b>Torn-read guard.</b> The local server replaces a document in place, and a concurrent read can return a
 *   mix of old and new fields with the new {@code version}; a conditional write based on such a read would pass its
 *   version check and drop the update it raced with. So every profile written is sealed with a CRC of its content,
 *   and a read whose digest does not match is read again. MongoDB never returns a torn document: off, no digest is
 *   written or checked (a second BSON encoding per write and a CRC per read saved); a document without a digest is
 *   accepted either way.</li>
 *   <li><b>Exact-key index for conditional writes.</b> The local server uses an index only for a query on exactly its
 *   fields: without a unique {@code {_id, version}} index every conditional write scanned the collection (11 ms per
 *   write at 20,000 profiles, 0.2 ms with it). MongoDB serves {@code {_id, version}} from its {@code _id} index: off,
 *   the extra index is not created (and dropped where an earlier version created it).</li>
 *   <li><b>{@code $in} in chunks.</b> The local server re-checks every candidate of an {@code $in} query against the
 *   whole list (k squared: 80 ms for 1,000 keys where ten queries of 100 take a few). MongoDB does not: off, one
 *   query takes all the keys.</li>
 * </ol>
 */
public final class LocalServerWorkarounds {

    static final String DIGEST = "digest";
    private static final int IN_CHUNK = 100;
    private static final DocumentCodec CODEC = new DocumentCodec();

    private final boolean enabled;

    public LocalServerWorkarounds(boolean enabled) {
        this.enabled = enabled;
    }

    /** The document as stored: with its digest when the torn-read guard is on. */
    Document seal(Document document) {
        if (!enabled) {
            return document;
        }
        Document sealed = new Document(document);
        sealed.remove(DIGEST);
        return sealed.append(DIGEST, digest(sealed));
    }

    /**
     * True when the document read is exactly what one write stored (always, when the guard is off or the document
     * carries no digest); the digest field is removed either way.
     */
    boolean unseal(Document document) {
        Object stored = document.remove(DIGEST);
        if (!enabled || stored == null) {
            return true;
        }
        return stored instanceof Long value && value == digest(document);
    }

    /** Whether the adaptations are on (the schema migrations create the exact-key index only then). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The unique index on exactly the fields of a conditional write's filter, which the local server needs
     * ({@link ProfileMigrations} creates it where the workarounds are on).
     */
    static IndexModel exactKeyIndex(String... fields) {
        return new IndexModel(Indexes.ascending(fields), new IndexOptions().unique(true));
    }

    /** The values of an {@code $in} query, split as the server needs them. */
    <T> List<List<T>> inChunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        if (!enabled) {
            return all.isEmpty() ? List.of() : List.of(all);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return chunks;
    }

    private static long digest(Document document) {
        ByteBuffer bytes = new RawBsonDocument(document, CODEC).getByteBuffer().asNIO();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
