package io.omnijourney.deploy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.omnijourney.infra.MongoServerProcess;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production backup and the restore procedure, run for real where it can be: backup.sh and restore.sh, taken
 * from the rendered ConfigMap, run with bash against the local stack's MongoDB wire-protocol server (H2 on disk, as
 * {@code bin/omnijourney up} runs it), with {@link MongoToolsStandIn} as mongodump and mongorestore. A profile written
 * before the backup is found again after restoring into an empty server.
 */
class BackupRestoreTest {

    private static final String PROFILE_ID = "p-ana";

    @TempDir
    static Path work;
    private static Path scripts;
    private static Path bin;
    private static MongoServerProcess source;

    @BeforeAll
    static void scriptsAndStandIns() throws IOException {
        ConfigMap config = RenderedOverlay.of("production").named(ConfigMap.class, "omnijourney-mongodb-backup-scripts");
        scripts = Files.createDirectories(work.resolve("scripts"));
        for (Map.Entry<String, String> script : config.getData().entrySet()) {
            Files.writeString(scripts.resolve(script.getKey()), script.getValue());
        }
        bin = Files.createDirectories(work.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String tool : List.of("mongodump", "mongorestore")) {
            Path standIn = bin.resolve(tool);
            Files.writeString(standIn, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                    + "' " + MongoToolsStandIn.class.getName() + " " + tool + " \"$@\"\n");
            assertThat(standIn.toFile().setExecutable(true)).isTrue();
        }
        source = MongoServerProcess.builder().h2File(work.resolve("source/mongo.h2")).build().start();
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void a_backup_restored_into_an_empty_server_brings_the_profiles_back() throws Exception {
        seed(source);
        Path backups = Files.createDirectories(work.resolve("restore-case/backups"));
        Result backup = run("backup.sh", Map.of("MONGODB_URI", operatorStyle(source), "BACKUP_DIR", backups.toString(),
                "RETENTION_DAYS", "14"));
        assertThat(backup.exit()).as(backup.output()).isZero();
        List<String> made = names(backups);
        assertThat(made).singleElement().asString().matches("\\d{8}T\\d{6}Z");
        assertThat(backups.resolve(made.get(0)).resolve("profile/profiles.bson.gz")).exists();

        try (MongoServerProcess target = MongoServerProcess.builder().h2File(work.resolve("target/mongo.h2")).build().start();
             MongoClient client = MongoClients.create(target.connectionString())) {
            // What a damaged database might hold: the restore drops it and brings back the backup's version.
            client.getDatabase("profile").getCollection("profiles").insertOne(new Document("_id", PROFILE_ID)
                    .append("traits", new Document("firstName", "stale")));
            Result restore = run("restore.sh", Map.of("MONGODB_URI", operatorStyle(target),
                    "BACKUP_DIR", backups.toString(), "BACKUP_NAME", "latest"));
            assertThat(restore.exit()).as(restore.output()).isZero();
            assertThat(restore.output()).contains("restored backup " + made.get(0));

            MongoDatabase profile = client.getDatabase("profile");
            // Found again the way profile-service finds a person: identifier, then profile.
            Document identifier = profile.getCollection("identifiers").find(Filters.eq("_id", "email:ana@example.com")).first();
            assertThat(identifier).isNotNull();
            Document found = profile.getCollection("profiles").find(Filters.eq("_id", identifier.getString("profileId"))).first();
            assertThat(found).isNotNull();
            assertThat(found.get("traits", Document.class).getString("firstName")).isEqualTo("Ana");
            assertThat(profile.getCollection("profiles").countDocuments()).isEqualTo(2);
            assertThat(client.getDatabase("notification").getCollection("ledger").countDocuments()).isEqualTo(1);
            // The unique index came back with the data.
            assertThatThrownBy(() -> profile.getCollection("identifiers").insertOne(
                    new Document("_id", "userId:other").append("profileId", PROFILE_ID).append("value", "ana-1")))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        }
    }

    @Test
    void retention_deletes_old_backups_after_a_good_one_and_a_failed_dump_changes_nothing() throws Exception {
        Path backups = Files.createDirectories(work.resolve("retention-case/backups"));
        Path old = aged(backups.resolve("20250101T023000Z"), Duration.ofDays(20));
        Path recent = aged(backups.resolve("20250118T023000Z"), Duration.ofDays(3));

        Result failed = run("backup.sh", Map.of("MONGODB_URI", "mongodb://127.0.0.1:1/admin?serverSelectionTimeoutMS=1000",
                "BACKUP_DIR", backups.toString(), "RETENTION_DAYS", "14"));
        assertThat(failed.exit()).isNotZero();
        assertThat(names(backups)).as("a failed dump leaves nothing and deletes nothing")
                .containsExactlyInAnyOrder("20250101T023000Z", "20250118T023000Z");

        Result good = run("backup.sh", Map.of("MONGODB_URI", operatorStyle(source), "BACKUP_DIR", backups.toString(),
                "RETENTION_DAYS", "14"));
        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(names(backups)).hasSize(2).contains("20250118T023000Z");
    }

    @Test
    void restoring_a_backup_that_does_not_exist_fails_and_lists_the_ones_there_are() throws Exception {
        Path backups = Files.createDirectories(work.resolve("missing-case/backups"));
        Files.createDirectories(backups.resolve("20250118T023000Z"));
        Result restore = run("restore.sh", Map.of("MONGODB_URI", operatorStyle(source), "BACKUP_DIR", backups.toString(),
                "BACKUP_NAME", "20240101T000000Z"));
        assertThat(restore.exit()).isNotZero();
        assertThat(restore.output()).contains("no backup '20240101T000000Z'").contains("20250118T023000Z");
    }

    @Test
    void the_cron_job_and_the_restore_job_run_these_scripts_with_the_environment_they_read() throws IOException {
        RenderedOverlay production = RenderedOverlay.of("production");
        CronJob cronJob = production.named(CronJob.class, "omnijourney-mongodb-backup");
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        PodSpec backupPod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertRuns(backupPod, "backup.sh", production);
        Job restoreJob = RenderedOverlay.restoreJob();
        assertThat(Manifests.schemaProblems(RenderedOverlay.restoreJobRaw().get(0))).isEmpty();
        assertRuns(restoreJob.getSpec().getTemplate().getSpec(), "restore.sh", production);
        for (PodSpec pod : List.of(backupPod, restoreJob.getSpec().getTemplate().getSpec())) {
            String claim = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null).findFirst()
                    .orElseThrow().getPersistentVolumeClaim().getClaimName();
            assertThat(production.named(PersistentVolumeClaim.class, claim)).isNotNull();
        }
    }

    private static void assertRuns(PodSpec pod, String script, RenderedOverlay production) throws IOException {
        Container container = pod.getContainers().get(0);
        assertThat(container.getCommand()).containsExactly("/bin/bash", "/scripts/" + script);
        String configMap = pod.getVolumes().stream().filter(v -> v.getName().equals("scripts")).findFirst().orElseThrow()
                .getConfigMap().getName();
        assertThat(configMap).isEqualTo("omnijourney-mongodb-backup-scripts");
        String text = Files.readString(scripts.resolve(script));
        for (EnvVar env : container.getEnv()) {
            assertThat(text).as("%s reads %s", script, env.getName()).containsPattern("\\$\\{?" + env.getName() + "\\b");
        }
        String secret = container.getEnv().stream().filter(e -> e.getName().equals("MONGODB_URI")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName();
        // The operator writes <resource>-<auth db>-<user> for each user of the MongoDBCommunity.
        String user = secret.substring("omnijourney-mongodb-admin-".length());
        assertThat(production.rawNamed("MongoDBCommunity", "omnijourney-mongodb").toString()).contains("name=" + user + ",");
    }

    private static void seed(MongoServerProcess server) {
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase profile = client.getDatabase("profile");
            profile.getCollection("profiles").insertMany(List.of(
                    new Document("_id", PROFILE_ID).append("version", 3).append("traits",
                            new Document("firstName", "Ana").append("email", "ana@example.com")),
                    new Document("_id", "p-rui").append("version", 1).append("traits", new Document("firstName", "Rui"))));
            profile.getCollection("identifiers").createIndex(Indexes.ascending("profileId", "value"),
                    new IndexOptions().name("profile_value").unique(true));
            profile.getCollection("identifiers").insertMany(List.of(
                    new Document("_id", "email:ana@example.com").append("profileId", PROFILE_ID).append("value", "ana-1"),
                    new Document("_id", "userId:rui-1").append("profileId", "p-rui").append("value", "rui-1")));
            client.getDatabase("notification").getCollection("ledger").insertOne(new Document("_id", "req-1")
                    .append("state", "sent"));
        }
    }

    /** The operator's connection strings name the user's authentication database (admin) as their path. */
    private static String operatorStyle(MongoServerProcess server) {
        return server.connectionString() + "/admin?serverSelectionTimeoutMS=5000";
    }

    private static Path aged(Path dir, Duration age) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("oplog.bson.gz"), "");
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(age)));
        return dir;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String script, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", scripts.resolve(script).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.putAll(new HashMap<>(env));
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
        return new Result(process.exitValue(), output);
    }
}
