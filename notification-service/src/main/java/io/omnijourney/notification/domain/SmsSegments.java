package io.omnijourney.notification.domain;

/**
 * How an SMS text is billed: GSM 03.38 7-bit when every character is in its alphabet (extension characters such as
 * {@code €} or {@code [} take two septets), otherwise UCS-2. One message holds 160 septets or 70 UCS-2 units;
 * concatenated parts lose room to the header: 153 septets or 67 units each.
 */
public record SmsSegments(String encoding, int length, int segments) {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    public static SmsSegments of(String text) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
                break;
            }
        }
        if (gsm) {
            return new SmsSegments("GSM-7", septets, septets <= 160 ? 1 : ceilDiv(septets, 153));
        }
        int units = text.length();
        return new SmsSegments("UCS-2", units, units <= 70 ? 1 : ceilDiv(units, 67));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
