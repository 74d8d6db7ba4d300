package io.omnijourney.deploy;

import java.util.ArrayList;
import java.util.List;

/** Just enough Java lexing to read configuration interfaces: comments, braces and statements, string-aware. */
final class JavaText {

    private JavaText() {
    }

    /** The source without comments; string and char literals (which may contain // or /*) are kept as they are. */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i);
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the brace that closes the one at {@code open}. */
    static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i) - 1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /** The statements ending in ';' directly inside a body; nested blocks (types, method bodies) are skipped. */
    static List<String> topLevelStatements(String body) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfLiteral(body, i);
                current.append(body, i, end);
                i = end - 1;
            } else if (c == '{') {
                i = matchingBrace(body, i);
                current.setLength(0);
            } else if (c == ';') {
                statements.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return statements;
    }

    private static int endOfLiteral(String s, int start) {
        char quote = s.charAt(start);
        if (quote == '"' && s.startsWith("\"\"\"", start)) {
            int end = s.indexOf("\"\"\"", start + 3);
            return end < 0 ? s.length() : end + 3;
        }
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return s.length();
    }
}
