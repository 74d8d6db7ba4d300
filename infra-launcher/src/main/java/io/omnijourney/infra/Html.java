package io.omnijourney.infra;

/** Escapes text for the local sinks' HTML pages: received mail and requests are untrusted input. */
final class Html {

    private Html() {
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
