package io.omnijourney.ingest.domain.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test data builder for Twilio inbound-message webhook form parameters. */
final class TwilioForms {

    static final String SID = "SM0123456789abcdef0123456789abcdef";

    private final Map<String, String> params = new LinkedHashMap<>();

    private TwilioForms() {
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", SID);
        params.put("NumMedia", "0");
        params.put("SmsSid", SID);
        params.put("SmsStatus", "received");
        params.put("Body", "Hello there");
        params.put("FromCountry", "US");
        params.put("To", "+14155550199");
        params.put("MessageSid", SID);
        params.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        params.put("From", "+14155550100");
        params.put("ApiVersion", "2010-04-01");
    }

    static TwilioForms inboundSms() {
        return new TwilioForms();
    }

    TwilioForms with(String name, String value) {
        params.put(name, value);
        return this;
    }

    TwilioForms body(String body) {
        return with("Body", body);
    }

    TwilioForms without(String name) {
        params.remove(name);
        return this;
    }

    Map<String, String> build() {
        return new LinkedHashMap<>(params);
    }
}
