/**
 * Real infrastructure for tests and benchmarks, each server in a JVM of its own:
 * {@link io.omnijourney.infra.KafkaBrokerProcess} (single-node KRaft Kafka) and
 * {@link io.omnijourney.infra.MongoServerProcess} (mongo-java-server, a MongoDB wire-protocol server).
 *
 * <pre>{@code
 * try (KafkaBrokerProcess kafka = KafkaBrokerProcess.builder().dataDir(dir).build().start()) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<port>"
 *     kafka.stop();                                   // graceful
 *     kafka.start();                                  // same address, same data
 * }
 * }</pre>
 *
 * The broker and server jars are never on the caller's class path: the build writes their class path
 * into {@code META-INF/omnijourney/infra.classpath}, and the child JVMs run from it. That file names
 * jars in the local Maven repository of the machine that built this module, so the jar is only
 * usable there. Child JVMs exit when the parent JVM does, even if it is killed.
 */
package io.omnijourney.infra;
