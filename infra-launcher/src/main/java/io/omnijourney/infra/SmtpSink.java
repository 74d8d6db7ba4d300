package io.omnijourney.infra;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small SMTP server (RFC 5321 without TLS or AUTH) that accepts every message and writes its raw bytes straight to
 * {@code <mailDir>/NNNNNN.eml}, the file's modification time being the instant the final {@code .} arrived.
 *
 * <p>Why not GreenMail: it parses every message as MIME and keeps it in an IMAP store that then had to be copied out
 * and expunged, about 2.6 ms of CPU per mail; this writes the bytes it received and nothing else. One thread per
 * connection; several messages per connection; pipelined commands are answered in order, replies being flushed when
 * no further command is already read.
 */
final class SmtpSink implements AutoCloseable {

    static final long MAX_SIZE = 50L * 1024 * 1024;
    private static final int MAX_COMMAND_LINE = 4096;
    private static final int MAX_RECIPIENTS = 1000;
    private static final Pattern PATH = Pattern.compile("^\\s*<([^>]*)>(.*)$");
    private static final Pattern SIZE_PARAM = Pattern.compile("(?i)(?:^|\\s)SIZE=(\\d+)");
    private static final Pattern MAIL_FILE = Pattern.compile("^(\\d{6,})\\.eml$");

    private final Path mailDir;
    private final AtomicLong sequence = new AtomicLong();
    private final ServerSocket server;
    private final ExecutorService connections;

    private SmtpSink(Path mailDir, ServerSocket server) throws IOException {
        this.mailDir = mailDir;
        this.server = server;
        sequence.set(lastNumber(mailDir));
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smtp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens on 127.0.0.1:{@code port} and accepts connections until {@link #close()}. */
    static SmtpSink start(Path mailDir, int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 128, InetAddress.getByName("127.0.0.1"));
        SmtpSink sink = new SmtpSink(mailDir, server);
        Thread acceptor = new Thread(sink::accept, "smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    /** The highest number among the files already there (not their count: numbering must go on after a gap). */
    private static long lastNumber(Path mailDir) throws IOException {
        long last = 0;
        try (Stream<Path> files = Files.list(mailDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                Matcher m = MAIL_FILE.matcher(name);
                if (m.matches()) {
                    last = Math.max(last, Long.parseLong(m.group(1)));
                } else if (name.endsWith(".eml.tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        }
        return last;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("smtp: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            // No read timeout: with one the JDK polls before every read, a third more system calls per message;
            // an idle client's thread waits until the client closes or the sink stops.
            socket.setTcpNoDelay(true);
            new Conversation(new LineReader(socket.getInputStream()), socket.getOutputStream()).run();
        } catch (SocketException e) {
            // the client went away: nothing to keep
        } catch (IOException e) {
            System.err.println("smtp: connection failed: " + e);
        }
    }

    /** Writes the message to a temporary name, stamps the receipt instant, then renames it: no half files listed. */
    private String save(byte[] message, int length, Instant received) throws IOException {
        String number = Long.toString(sequence.incrementAndGet());
        String name = "000000".substring(Math.min(6, number.length())) + number + ".eml";
        Path tmp = mailDir.resolve(name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(message, 0, length);
        }
        FileTime time = FileTime.from(received);
        // access time too: given only one, the JDK reads the other with one more system call
        Files.getFileAttributeView(tmp, BasicFileAttributeView.class).setTimes(time, time, null);
        Files.move(tmp, mailDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    /** One client connection: the SMTP state machine. */
    private final class Conversation {

        private final LineReader in;
        private final OutputStream out;
        private final Buffer data = new Buffer();
        private boolean greeted;
        private boolean mail;
        private int recipients;

        Conversation(LineReader in, OutputStream rawOut) {
            this.in = in;
            this.out = new BufferedOutputStream(rawOut, 8192);
        }

        void run() throws IOException {
            reply("220 localhost OmniJourney local SMTP sink ready");
            while (true) {
                if (!in.hasBuffered()) {
                    out.flush();
                }
                byte[] line = in.readLine(MAX_COMMAND_LINE);
                if (line == null) {
                    return;
                }
                if (line == LineReader.TOO_LONG) {
                    reply("500 5.5.2 line too long");
                    continue;
                }
                if (!command(new String(line, StandardCharsets.UTF_8))) {
                    out.flush();
                    return;
                }
            }
        }

        /** Answers one command; false once the conversation is over. */
        private boolean command(String line) throws IOException {
            int space = line.indexOf(' ');
            String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String arg = space < 0 ? "" : line.substring(space + 1).trim();
            switch (verb) {
                case "EHLO" -> {
                    if (arg.isEmpty()) {
                        reply("501 5.5.4 EHLO needs a domain");
                    } else {
                        greet();
                        reply("250-localhost hello " + arg);
                        reply("250-PIPELINING");
                        reply("250-8BITMIME");
                        reply("250 SIZE " + MAX_SIZE);
                    }
                }
                case "HELO" -> {
                    if (arg.isEmpty()) {
                        reply("501 5.5.4 HELO needs a domain");
                    } else {
                        greet();
                        reply("250 localhost hello " + arg);
                    }
                }
                case "MAIL" -> mailFrom(arg);
                case "RCPT" -> rcptTo(arg);
                case "DATA" -> data(arg);
                case "RSET" -> {
                    resetTransaction();
                    reply("250 2.0.0 OK");
                }
                case "NOOP" -> reply("250 2.0.0 OK");
                case "VRFY" -> reply("252 2.5.2 cannot verify, but will accept the message");
                case "QUIT" -> {
                    reply("221 2.0.0 bye");
                    return false;
                }
                case "EXPN", "HELP", "TURN", "ETRN", "STARTTLS", "AUTH", "BDAT" ->
                        reply("502 5.5.1 command not implemented");
                default -> reply("500 5.5.2 command unrecognized");
            }
            return true;
        }

        private void greet() {
            greeted = true;
            resetTransaction();
        }

        private void resetTransaction() {
            mail = false;
            recipients = 0;
        }

        private void mailFrom(String arg) throws IOException {
            if (!greeted) {
                reply("503 5.5.1 send HELO or EHLO first");
            } else if (mail) {
                reply("503 5.5.1 a transaction is already open");
            } else if (!arg.regionMatches(true, 0, "FROM:", 0, 5) || !PATH.matcher(arg.substring(5)).matches()) {
                reply("501 5.5.4 syntax: MAIL FROM:<address>");
            } else {
                Matcher size = SIZE_PARAM.matcher(arg);
                if (size.find() && Long.parseLong(size.group(1)) > MAX_SIZE) {
                    reply("552 5.3.4 message too big");
                } else {
                    mail = true;
                    reply("250 2.1.0 OK");
                }
            }
        }

        private void rcptTo(String arg) throws IOException {
            if (!mail) {
                reply("503 5.5.1 send MAIL first");
            } else if (!arg.regionMatches(true, 0, "TO:", 0, 3)) {
                reply("501 5.5.4 syntax: RCPT TO:<address>");
            } else {
                Matcher path = PATH.matcher(arg.substring(3));
                if (!path.matches() || path.group(1).isBlank()) {
                    reply("501 5.5.4 syntax: RCPT TO:<address>");
                } else if (recipients >= MAX_RECIPIENTS) {
                    reply("452 4.5.3 too many recipients");
                } else {
                    recipients++;
                    reply("250 2.1.5 OK");
                }
            }
        }

        private void data(String arg) throws IOException {
            if (!arg.isEmpty()) {
                reply("501 5.5.4 DATA takes no argument");
                return;
            }
            if (!mail || recipients == 0) {
                reply(mail ? "503 5.5.1 send RCPT first" : "503 5.5.1 send MAIL first");
                return;
            }
            reply("354 end data with <CR><LF>.<CR><LF>");
            out.flush();
            data.reset();
            boolean tooBig = false;
            while (true) {
                int read = in.readDataLine(data);
                if (read == LineReader.EOF) {
                    throw new SocketException("connection closed during DATA");
                }
                if (read == LineReader.END) {
                    data.dropLastLine();
                    break;
                }
                if (data.size() > MAX_SIZE) {
                    tooBig = true;
                    data.reset();
                }
            }
            Instant received = Instant.now();
            resetTransaction();
            if (tooBig) {
                reply("552 5.3.4 message too big");
                return;
            }
            String name;
            try {
                name = save(data.bytes(), data.size(), received);
            } catch (IOException e) {
                System.err.println("smtp: could not store a message: " + e);
                reply("451 4.3.0 could not store the message");
                return;
            }
            reply("250 2.0.0 OK queued as " + name);
        }

        private void reply(String line) throws IOException {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        }
    }

    /** A growable byte buffer that knows where its last line starts (for the terminating dot). */
    static final class Buffer extends ByteArrayOutputStream {

        private int lastLineStart;

        Buffer() {
            super(16 * 1024);
        }

        void startLine() {
            lastLineStart = count;
        }

        boolean lastLineIsDot() {
            return count - lastLineStart == 3 && buf[lastLineStart] == '.';
        }

        void dropLastLine() {
            count = lastLineStart;
        }

        boolean endsWithCr() {
            return count > lastLineStart && buf[count - 1] == '\r';
        }

        byte[] bytes() {
            return buf;
        }

        @Override
        public synchronized void reset() {
            super.reset();
            lastLineStart = 0;
        }
    }

    /** Reads CRLF- (or bare LF-) terminated lines from a socket without per-byte synchronisation. */
    static final class LineReader {

        static final byte[] TOO_LONG = new byte[0];
        static final int EOF = -1;
        static final int LINE = 0;
        static final int END = 1;
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;

        LineReader(InputStream in) {
            this.in = in;
        }

        /**
         * Whether a further command is already read: replies are flushed when none is. Not asking the socket
         * ({@code available()} is a system call) only means a pipelined group split across reads is answered in two
         * writes.
         */
        boolean hasBuffered() {
            return pos < limit;
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        /** A command line without its line end; null at end of stream; {@link #TOO_LONG} if over {@code max}. */
        byte[] readLine(int max) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            boolean tooLong = false;
            while (true) {
                if (pos == limit && !fill()) {
                    return null;
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                boolean end = pos < limit;
                if (!tooLong) {
                    line.write(buf, start, pos - start);
                    tooLong = line.size() > max;
                }
                if (end) {
                    pos++;
                    if (tooLong) {
                        return TOO_LONG;
                    }
                    byte[] bytes = line.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
                }
            }
        }

        /**
         * Appends one DATA line to {@code data}, dot-unstuffed and ending in CRLF (a bare LF becomes CRLF).
         * Returns {@link #LINE}, {@link #END} for the terminating {@code .} line (appended too, for the caller to
         * drop), or {@link #EOF}.
         */
        int readDataLine(Buffer data) throws IOException {
            data.startLine();
            boolean first = true;
            boolean unstuffed = false;
            while (true) {
                if (pos == limit && !fill()) {
                    return EOF;
                }
                if (first && buf[pos] == '.' && (pos + 1 < limit || fillKeepingOne())) {
                    byte next = buf[pos + 1];
                    if (next != '\r' && next != '\n') {
                        pos++;
                        unstuffed = true;
                    }
                }
                first = false;
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                if (pos == limit) {
                    data.write(buf, start, pos - start);
                    continue;
                }
                int end = pos > start && buf[pos - 1] == '\r' ? pos - 1 : pos;
                data.write(buf, start, end - start);
                pos++;
                if (start == end && data.endsWithCr()) {
                    data.write('\n'); // the CR came at the end of the previous read
                } else {
                    data.write('\r');
                    data.write('\n');
                }
                return !unstuffed && data.lastLineIsDot() ? END : LINE;
            }
        }

        /** Makes sure at least two bytes are buffered from {@code pos}, moving the one left to the front. */
        private boolean fillKeepingOne() throws IOException {
            buf[0] = buf[pos];
            pos = 0;
            limit = 1;
            int n = in.read(buf, 1, buf.length - 1);
            if (n <= 0) {
                return false;
            }
            limit = 1 + n;
            return true;
        }
    }
}
