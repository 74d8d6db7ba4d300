package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.TemplateContent;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Results;
import io.quarkus.qute.SetSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import io.quarkus.qute.WhenSectionHelper;
import io.quarkus.qute.WithSectionHelper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Qute over plain data. The engine is assembled by hand so that a template can reach nothing but maps, lists and
 * literals: no reflection resolver (no method calls on Java objects), no {@code #include}/{@code #eval} (no template
 * evaluation of data), no {@code raw} (no way around escaping). Values are HTML-escaped in HTML parts and
 * JSON-string-escaped in JSON parts; a value is never parsed, so {@code {7*7}} in a profile stays literal. A missing
 * value renders as nothing.
 */
public final class TemplateRenderer {

    private static final int CACHE_SIZE = 2_000;

    private final Engine engine;
    private final Map<String, Template> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public TemplateRenderer() {
        this.engine = Engine.builder()
                .addSectionHelper(new IfSectionHelper.Factory())
                .addSectionHelper(new LoopSectionHelper.Factory())
                .addSectionHelper(new WithSectionHelper.Factory())
                .addSectionHelper(new SetSectionHelper.Factory())
                .addSectionHelper(new WhenSectionHelper.Factory())
                .addValueResolvers(ValueResolvers.mapResolver(), ValueResolvers.mapEntryResolver(),
                        ValueResolvers.listResolver(), ValueResolvers.collectionResolver(),
                        ValueResolvers.thisResolver(), ValueResolvers.orResolver(), ValueResolvers.orEmpty(),
                        ValueResolvers.trueResolver(), ValueResolvers.logicalAndResolver(),
                        ValueResolvers.logicalOrResolver(), ValueResolvers.equalsResolver())
                .addResultMapper(new NotFoundIsEmpty())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .addResultMapper(new JsonStringEscaper())
                .strictRendering(false)
                .removeStandaloneLines(true)
                .build();
    }

    /** Parses every part; the first that fails is reported with its position. */
    public void validate(TemplateContent content) {
        content.parts().forEach((name, part) -> parse(name, part));
    }

    /** Renders every part over {@code data} (made plain first). */
    public Map<String, String> render(TemplateContent content, Map<String, Object> data) {
        Map<String, Object> plain = plainMap(data);
        Map<String, String> out = new LinkedHashMap<>();
        content.parts().forEach((name, part) -> out.put(name, parse(name, part).data(plain).render()));
        return out;
    }

    private Template parse(String name, TemplateContent.Part part) {
        String key = part.contentType() + '\u0000' + part.text();
        synchronized (cache) {
            Template cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Template template;
        try {
            template = engine.parse(part.text(), Variant.forContentType(part.contentType()));
        } catch (TemplateException e) {
            TemplateNode.Origin origin = e.getOrigin();
            int line = origin == null ? 1 : origin.getLine();
            int column = origin == null ? 1 : Math.max(1, origin.getLineCharacterStart());
            throw new TemplateSyntaxException(name, line, column, messageOf(e));
        }
        synchronized (cache) {
            cache.put(key, template);
        }
        return template;
    }

    /** Qute's message repeats the origin (with a generated template id); the position is reported separately. */
    private static String messageOf(TemplateException e) {
        String message = e.getMessage() == null ? "syntax error" : e.getMessage();
        int origin = message.indexOf(" in template ");
        return origin > 0 ? message.substring(0, origin) : message;
    }

    /** Copies data into maps, lists, strings, numbers and booleans: nothing else reaches a template. */
    public static Map<String, Object> plainMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
        }
        return out;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double || value instanceof BigDecimal
                || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return plainMap(map);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        return String.valueOf(value);
    }

    private static final class NotFoundIsEmpty implements ResultMapper {
        @Override
        public int getPriority() {
            return 100;
        }

        @Override
        public boolean appliesTo(TemplateNode.Origin origin, Object result) {
            return result instanceof Results.NotFound;
        }

        @Override
        public String map(Object result, Expression expression) {
            return "";
        }
    }

    /** Escapes a value for the inside of a JSON string: a value cannot end the string or add fields. */
    private static final class JsonStringEscaper implements ResultMapper {
        @Override
        public boolean appliesTo(TemplateNode.Origin origin, Object result) {
            return origin.getVariant().map(v -> Variant.APPLICATION_JSON.equals(v.getContentType())).orElse(false);
        }

        @Override
        public String map(Object result, Expression expression) {
            String text = String.valueOf(result);
            StringBuilder out = new StringBuilder(text.length() + 8);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }
    }
}
