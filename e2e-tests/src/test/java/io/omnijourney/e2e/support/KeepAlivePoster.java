package io.omnijourney.e2e.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A load generator's HTTP/1.1 client: each of a fixed pool of threads owns one keep-alive connection and posts on it
 * with blocking I/O. On two shared cores it costs a fraction of the CPU the JDK client spends per request, which
 * leaves the cores to the system being measured. Answers the status code (or -1 on an I/O failure, after which the
 * thread opens a new connection).
 */
public final class KeepAlivePoster implements AutoCloseable {

    private final String host;
    private final int port;
    private final String authorization;
    private final ExecutorService threads;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    public KeepAlivePoster(String baseUrl, String authorization, int connections) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.authorization = authorization;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "poster-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Posts {@code body} as JSON to {@code path} on one of the connections; {@code done} gets the status. */
    public void post(String path, String body, IntConsumer done) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        threads.execute(() -> done.accept(send(path, bytes)));
    }

    private int send(String path, byte[] body) {
        Connection connection = connections.get();
        try {
            if (connection == null) {
                connection = new Connection(host, port);
                connections.set(connection);
            }
            return connection.post(host, port, path, authorization, body);
        } catch (IOException e) {
            if (connection != null) {
                connection.close();
            }
            connections.remove();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int post(String host, int port, String path, String authorization, byte[] body) throws IOException {
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: "
                    + authorization + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.split(" ", 3)[1]);
            long length = 0;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else {
                skip(length);
            }
            if (close) {
                throw new IOException("the server closed the connection");
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
