package io.omnijourney.deploy;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stand-ins for {@code mongodump} and {@code mongorestore}, for running the backup and restore scripts where the
 * MongoDB Database Tools cannot be installed (no Debian package, no Maven artifact): this build's machines. They take
 * the options the scripts use, with the tools' meaning, refuse every other option (a typo in a script fails the test),
 * and enforce the tools' rules the scripts depend on: {@code --oplog} only for a dump of every database (a database
 * in the URI path restricts the dump to it), {@code --oplogReplay} only with the oplog file of such a dump and
 * without namespace filters. They read and write mongodump's directory layout: per database a directory, per
 * collection {@code <name>.bson} (the documents, one BSON document after another) and {@code <name>.metadata.json}
 * (canonical extended JSON with the indexes), gzipped with {@code --gzip}, and {@code oplog.bson} at the top. The
 * local server has no oplog: the dump's oplog file is empty, and replaying it applies nothing.
 */
public final class MongoToolsStandIn {

    private static final Set<String> SKIPPED_DATABASES = Set.of("admin", "local", "config");

    private MongoToolsStandIn() {
    }

    public static void main(String[] args) {
        try {
            Map<String, String> options = options(args);
            switch (args[0]) {
                case "mongodump" -> dump(options);
                case "mongorestore" -> restore(options);
                default -> throw new IllegalArgumentException("unknown tool " + args[0]);
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("Failed: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    private static Map<String, String> options(String[] args) {
        Set<String> known = args[0].equals("mongodump") ? Set.of("--uri", "--oplog", "--gzip", "--out")
                : Set.of("--uri", "--gzip", "--drop", "--oplogReplay", "--dir", "--nsInclude");
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("error parsing command line options: unknown option " + name);
            }
            options.put(name, eq < 0 ? "" : arg.substring(eq + 1));
        }
        return options;
    }

    private static MongoClient client(String uri) {
        return MongoClients.create(uri);
    }

    private static void dump(Map<String, String> options) throws IOException {
        ConnectionString uri = new ConnectionString(require(options, "--uri"));
        if (options.containsKey("--oplog") && uri.getDatabase() != null) {
            throw new IllegalArgumentException("bad option: --oplog mode only supported on full dumps (the URI names database "
                    + uri.getDatabase() + ")");
        }
        boolean gzip = options.containsKey("--gzip");
        Path out = Path.of(require(options, "--out"));
        try (MongoClient client = client(uri.getConnectionString())) {
            for (String name : client.listDatabaseNames()) {
                if (SKIPPED_DATABASES.contains(name)) {
                    continue;
                }
                MongoDatabase database = client.getDatabase(name);
                Path dir = Files.createDirectories(out.resolve(name));
                for (String collection : database.listCollectionNames()) {
                    MongoCollection<RawBsonDocument> documents = database.getCollection(collection, RawBsonDocument.class);
                    try (OutputStream bson = open(dir.resolve(collection + ".bson"), gzip)) {
                        for (RawBsonDocument document : documents.find()) {
                            ByteBuffer bytes = document.getByteBuffer().asNIO();
                            byte[] copy = new byte[bytes.remaining()];
                            bytes.get(copy);
                            bson.write(copy);
                        }
                    }
                    List<Document> indexes = new ArrayList<>();
                    database.getCollection(collection).listIndexes().into(indexes);
                    Document metadata = new Document("indexes", indexes).append("collectionName", collection)
                            .append("type", "collection");
                    try (OutputStream json = open(dir.resolve(collection + ".metadata.json"), gzip)) {
                        json.write(metadata.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build())
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        if (options.containsKey("--oplog")) {
            try (OutputStream oplog = open(out.resolve("oplog.bson"), gzip)) {
                oplog.flush();
            }
        }
    }

    private static void restore(Map<String, String> options) throws IOException {
        ConnectionString uri = new ConnectionString(require(options, "--uri"));
        Path dir = Path.of(require(options, "--dir"));
        boolean gzip = options.containsKey("--gzip");
        if (options.containsKey("--oplogReplay")) {
            if (options.containsKey("--nsInclude") || uri.getDatabase() != null) {
                throw new IllegalArgumentException("cannot use --oplogReplay with includes specified");
            }
            if (!Files.exists(dir.resolve(gzip ? "oplog.bson.gz" : "oplog.bson"))) {
                throw new IllegalArgumentException("no oplog file to replay; make sure you run mongodump with --oplog");
            }
        }
        try (MongoClient client = client(uri.getConnectionString()); Stream<Path> databases = Files.list(dir)) {
            for (Path databaseDir : databases.filter(Files::isDirectory).sorted().toList()) {
                MongoDatabase database = client.getDatabase(databaseDir.getFileName().toString());
                String suffix = gzip ? ".bson.gz" : ".bson";
                try (Stream<Path> files = Files.list(databaseDir)) {
                    for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList()) {
                        String name = file.getFileName().toString();
                        String collection = name.substring(0, name.length() - suffix.length());
                        restoreCollection(database, collection, file, databaseDir, gzip, options.containsKey("--drop"));
                    }
                }
            }
        }
    }

    private static void restoreCollection(MongoDatabase database, String collection, Path bson, Path dir, boolean gzip,
            boolean drop) throws IOException {
        MongoCollection<RawBsonDocument> target = database.getCollection(collection, RawBsonDocument.class);
        if (drop) {
            target.drop();
        }
        List<RawBsonDocument> documents = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(openIn(bson, gzip))) {
            while (true) {
                byte[] length = new byte[4];
                try {
                    in.readFully(length);
                } catch (EOFException end) {
                    break;
                }
                int size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
                byte[] document = new byte[size];
                System.arraycopy(length, 0, document, 0, 4);
                in.readFully(document, 4, size - 4);
                documents.add(new RawBsonDocument(document));
            }
        }
        if (!documents.isEmpty()) {
            target.insertMany(documents);
        }
        Path metadataFile = dir.resolve(collection + ".metadata.json" + (gzip ? ".gz" : ""));
        if (Files.exists(metadataFile)) {
            Document metadata;
            try (InputStream in = openIn(metadataFile, gzip)) {
                metadata = Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            for (Document index : metadata.getList("indexes", Document.class)) {
                if (!"_id_".equals(index.getString("name"))) {
                    database.getCollection(collection).createIndex(index.get("key", Document.class),
                            new IndexOptions().name(index.getString("name")).unique(index.getBoolean("unique", false)));
                }
            }
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(gzip ? file.resolveSibling(file.getFileName() + ".gz") : file);
        return gzip ? new GZIPOutputStream(out) : out;
    }

    private static InputStream openIn(Path file, boolean gzip) throws IOException {
        InputStream in = Files.newInputStream(file);
        return gzip ? new GZIPInputStream(in) : in;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
