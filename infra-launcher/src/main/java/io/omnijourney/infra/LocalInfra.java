package io.omnijourney.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's infrastructure: a Kafka broker and a MongoDB wire-protocol server with on-disk storage, on their
 * documented ports, both kept until this JVM is stopped (SIGTERM stops them gracefully; if this JVM dies, they follow).
 *
 * <p>Usage: {@code LocalInfra <data dir> [kafkaPort] [kafkaControllerPort] [mongoPort]}.
 */
public final class LocalInfra {

    private LocalInfra() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".local").toAbsolutePath();
        int kafkaPort = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : 9093;
        int mongoPort = args.length > 3 ? Integer.parseInt(args[3]) : 27017;
        int smtpPort = args.length > 4 ? Integer.parseInt(args[4]) : 2525;
        int mailHttpPort = args.length > 5 ? Integer.parseInt(args[5]) : 8025;
        int providersPort = args.length > 6 ? Integer.parseInt(args[6]) : 8090;
        Files.createDirectories(dir.resolve("mongo"));

        KafkaBrokerProcess kafka = KafkaBrokerProcess.builder().dataDir(dir.resolve("kafka"))
                .brokerPort(kafkaPort).controllerPort(controllerPort).build();
        MongoServerProcess mongo = MongoServerProcess.builder().port(mongoPort).workDir(dir.resolve("mongo"))
                .h2File(dir.resolve("mongo").resolve("omnijourney.mv")).build();
        LocalSinksProcess sinks = LocalSinksProcess.of(dir.resolve("sinks"), smtpPort, mailHttpPort, providersPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sinks.stop();
            mongo.stop();
            kafka.stop();
            stopped.countDown();
        }, "local-infra-shutdown"));

        kafka.start();
        mongo.start();
        sinks.start();
        System.out.println("READY kafka=" + kafka.bootstrapServers() + " mongo=" + mongo.connectionString()
                + " smtp=127.0.0.1:" + sinks.smtpPort() + " mail=" + sinks.mailUrl() + " providers="
                + sinks.providersUrl());
        System.out.flush();
        stopped.await();
    }
}
