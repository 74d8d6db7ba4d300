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

    /** The parameters Twilio posts for a WhatsApp message to a WhatsApp sender (text message, no media). */
    static TwilioForms inboundWhatsApp() {
        TwilioForms form = new TwilioForms();
        form.params.clear();
        form.params.put("SmsMessageSid", SID);
        form.params.put("NumMedia", "0");
        form.params.put("ProfileName", "Ana");
        form.params.put("MessageType", "text");
        form.params.put("SmsSid", SID);
        form.params.put("WaId", "14155550100");
        form.params.put("SmsStatus", "received");
        form.params.put("Body", "Hello there");
        form.params.put("To", "whatsapp:+14155238886");
        form.params.put("NumSegments", "1");
        form.params.put("ReferralNumMedia", "0");
        form.params.put("MessageSid", SID);
        form.params.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        form.params.put("From", "whatsapp:+14155550100");
        form.params.put("ApiVersion", "2010-04-01");
        return form;
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
