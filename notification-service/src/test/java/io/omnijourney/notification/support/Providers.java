package io.omnijourney.notification.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** GreenMail and WireMock on the ports {@link ProvidersTestResource} reserved. */
public final class Providers implements AutoCloseable {

    public final GreenMail smtp;
    public final WireMockServer http;

    private Providers(GreenMail smtp, WireMockServer http) {
        this.smtp = smtp;
        this.http = http;
    }

    public static Providers start() {
        int smtpPort = Integer.parseInt(System.getProperty(ProvidersTestResource.SMTP_PORT));
        int httpPort = Integer.parseInt(System.getProperty(ProvidersTestResource.HTTP_PORT));
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        WireMockServer http = new WireMockServer(options().port(httpPort).bindAddress("127.0.0.1"));
        http.start();
        return new Providers(smtp, http);
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        smtp.stop();
    }
}
