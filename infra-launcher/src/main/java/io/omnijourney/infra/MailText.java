package io.omnijourney.infra;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The readable text of a message: its text/plain part, else its text/html part. */
final class MailText {

    private MailText() {
    }

    static String of(Part part) throws Exception {
        String plain = find(part, "text/plain");
        return plain != null ? plain : String.valueOf(find(part, "text/html"));
    }

    private static String find(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String found = find(body, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
