package io.omnijourney.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs only the local SMTP sink and provider stand-in until stopped: for local runs against an external Kafka and
 * MongoDB ({@code bin/omnijourney} with {@code OMNIJOURNEY_KAFKA} and {@code OMNIJOURNEY_MONGODB}).
 *
 * <pre>LocalSinks &lt;dir&gt; [smtp-port] [mail-http-port] [providers-port]</pre>
 */
public final class LocalSinks {

    private LocalSinks() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".local/sinks").toAbsolutePath();
        LocalSinksProcess sinks = LocalSinksProcess.of(dir, args.length > 1 ? Integer.parseInt(args[1]) : 2525,
                args.length > 2 ? Integer.parseInt(args[2]) : 8025, args.length > 3 ? Integer.parseInt(args[3]) : 8090);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sinks.stop();
            stopped.countDown();
        }, "local-sinks-shutdown"));
        sinks.start();
        System.out.println("READY smtp=127.0.0.1:" + sinks.smtpPort() + " mail=" + sinks.mailUrl() + " providers="
                + sinks.providersUrl());
        System.out.flush();
        stopped.await();
    }
}
