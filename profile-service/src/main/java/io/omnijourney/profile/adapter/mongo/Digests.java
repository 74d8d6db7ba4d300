package io.omnijourney.profile.adapter.mongo;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * A checksum over a stored document, written with it and verified on read.
 *
 * <p>Why: the wire-protocol server used where no real MongoDB runs (mongo-java-server) replaces a document in place,
 * and a concurrent read can return a mix of the old and new fields with the new {@code version}. A conditional write
 * based on such a read would pass its version check and silently drop the update it raced with. MongoDB itself
 * never returns a torn document, so there the check costs one CRC per read and never fires.
 */
final class Digests {

    static final String FIELD = "digest";
    private static final DocumentCodec CODEC = new DocumentCodec();

    private Digests() {
    }

    static Document seal(Document document) {
        Document sealed = new Document(document);
        sealed.remove(FIELD);
        return sealed.append(FIELD, digest(sealed));
    }

    /** True if the document is exactly what one write stored; the digest field is removed either way. */
    static boolean unseal(Document document) {
        Object stored = document.remove(FIELD);
        return stored instanceof Long value && value == digest(document);
    }

    private static long digest(Document document) {
        ByteBuffer bytes = new RawBsonDocument(document, CODEC).getByteBuffer().asNIO();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
