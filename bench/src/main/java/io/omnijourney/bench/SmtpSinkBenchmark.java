package io.omnijourney.bench;

import io.omnijourney.infra.LocalSinksProcess;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How fast the local SMTP sink takes mail and how much CPU its process spends per message (a program, not a test).
 *
 * <pre>
 * bench/run smtp-sink [N] [threads] [child class path, to measure another build of the sink]
 * </pre>
 *
 * Each client thread keeps one Jakarta Mail connection open and sends its share of the N messages over it. The
 * raw baseline is the same clients against an in-process responder that answers every line and keeps nothing.
 * The sink's CPU is utime+stime from {@code /proc/<pid>/stat}, before and after (after a warm-up round).
 */
public final class SmtpSinkBenchmark {

    private static final long CLOCK_TICKS = 100;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String childClassPath = args.length > 2 ? args[2] : null;

        try (ServerSocket raw = rawResponder()) {
            send(raw.getLocalPort(), n / 5, threads);
            long t0 = System.nanoTime();
            send(raw.getLocalPort(), n, threads);
            double rawRate = n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("raw responder: %.0f msg/s%n", rawRate);

            Path dir = Files.createTempDirectory("smtp-bench");
            Sink sink = childClassPath == null ? Sink.current(dir) : Sink.of(childClassPath, dir);
            try {
                send(sink.port, n / 5, threads);
                long[] cpu0 = cpuTicks(sink.pid);
                long t1 = System.nanoTime();
                send(sink.port, n, threads);
                double seconds = (System.nanoTime() - t1) / 1e9;
                awaitFiles(dir.resolve("mail"), n + n / 5);
                long[] cpu1 = cpuTicks(sink.pid);
                double rate = n / seconds;
                double userMs = (cpu1[0] - cpu0[0]) * 1000.0 / CLOCK_TICKS / n;
                double systemMs = (cpu1[1] - cpu0[1]) * 1000.0 / CLOCK_TICKS / n;
                System.out.printf("sink (%s): %.0f msg/s (%.2f of raw), %.3f ms CPU per message (user %.3f, system "
                                + "%.3f), %d messages, %d threads%n",
                        childClassPath == null ? "this build" : "given class path", rate, rate / rawRate,
                        userMs + systemMs, userMs, systemMs, n, threads);
            } finally {
                sink.stop.run();
            }
        }
        System.exit(0);
    }

    private record Sink(int port, long pid, Runnable stop) {

        static Sink current(Path dir) {
            LocalSinksProcess process = LocalSinksProcess.of(dir, 0, 0, 0).start();
            return new Sink(process.smtpPort(), process.pid().orElseThrow(), process::close);
        }

        static Sink of(String classPath, Path dir) throws Exception {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            int http;
            int providers;
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
                http = a.getLocalPort();
                providers = b.getLocalPort();
            }
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true", "-cp",
                    classPath, "io.omnijourney.infra.InfraMain", "sinks", dir.toString(), String.valueOf(port),
                    String.valueOf(http), String.valueOf(providers)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); !"READY".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("the sink did not start");
                }
            }
            return new Sink(port, process.pid(), process::destroy);
        }
    }

    private static void send(int port, int n, int threads) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(props);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        MimeMessage message = new MimeMessage(session);
                        message.setFrom("shop@example.com");
                        message.setRecipients(Message.RecipientType.TO, "customer" + i + "@example.com");
                        message.setSubject("Your offer " + i);
                        message.setText("Hello, the Trail Shoe is 20% off today. Message " + i + ".\n"
                                + "Unsubscribe: https://example.com/u/" + i, "UTF-8");
                        transport.sendMessage(message, message.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static void awaitFiles(Path mailDir, int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(mailDir)) {
                if (files.filter(f -> f.toString().endsWith(".eml")).count() >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the sink did not save " + count + " messages");
    }

    /** User and system CPU of the process, in clock ticks. */
    private static long[] cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /** Answers every command line with the reply a server would give, keeps nothing. */
    private static ServerSocket rawResponder() throws IOException {
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> respond(socket));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static void respond(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            out.write("220 raw\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean data = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String reply;
                if (data) {
                    if (!line.equals(".")) {
                        continue;
                    }
                    data = false;
                    reply = "250 ok";
                } else if (line.regionMatches(true, 0, "DATA", 0, 4)) {
                    data = true;
                    reply = "354 go";
                } else if (line.regionMatches(true, 0, "QUIT", 0, 4)) {
                    out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                } else {
                    reply = "250 ok";
                }
                out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // the client closed
        }
    }
}
