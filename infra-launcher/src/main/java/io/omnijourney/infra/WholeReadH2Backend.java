package io.omnijourney.infra;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** mongo-java-server's H2 backend (data kept in a file) whose reads are never torn ({@link WholeAnswers}). */
final class WholeReadH2Backend extends H2Backend {

    WholeReadH2Backend(String file) {
        super(file);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return WholeAnswers.handle(this, databaseName, command, query,
                () -> super.handleCommand(channel, databaseName, command, query));
    }
}
