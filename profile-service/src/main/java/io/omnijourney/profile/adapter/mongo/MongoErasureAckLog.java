package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.profile.app.ErasureAckLog;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** The {@code erasure_acks} collection: {@code _id} = ackId, so a redelivered acknowledgement is kept once. */
public class MongoErasureAckLog implements ErasureAckLog {

    public static final String COLLECTION = "erasure_acks";

    private final MongoCollection<Document> acks;

    public MongoErasureAckLog(MongoDatabase database) {
        this.acks = database.getCollection(COLLECTION);
    }

    @Override
    public boolean record(ErasureAck ack) {
        return Inserts.ifAbsent(acks, new Document("_id", ack.ackId())
                .append("erasureId", ack.erasureId())
                .append("profileId", ack.profileId())
                .append("service", ack.service())
                .append("completedAt", Date.from(ack.completedAt())));
    }

    @Override
    public List<ErasureAck> of(String erasureId) {
        List<ErasureAck> found = new ArrayList<>();
        for (Document d : acks.find(Filters.eq("erasureId", erasureId))) {
            found.add(new ErasureAck(d.getString("_id"), d.getString("erasureId"), d.getString("profileId"),
                    d.getString("service"), d.getDate("completedAt").toInstant()));
        }
        return found;
    }
}
