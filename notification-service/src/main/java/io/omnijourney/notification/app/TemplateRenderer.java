package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.TemplateContent;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Results;
import io.quarkus.qute.SectionNode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Qute over plain data. The engine is assembled by hand so that a template can reach nothing but maps, lists and
 * literals: no reflection resolver (no method calls on Java objects), no {@code #include}/{@code #eval} (no template
 * evaluation of data), no {@code raw} (no way around escaping). Values are HTML-escaped in HTML parts and
 * JSON-string-escaped in JSON parts; a value is never parsed, so {@code {7*7}} in a profile stays literal. A missing
 * value renders as nothing.
 *
 * <p>Every render has a budget ({@link Limits}): loops iterate over lists only (never a number, a string or a map),
 * at most {@code maxLoopIterations} per loop and {@code maxIterations} over the whole message, the output is at most
 * {@code maxOutputChars} and rendering stops after {@code maxRenderTime}. Over budget, the render fails with a
 * {@link TemplateLimitException} naming the limit, before the work is done: a loop's size is checked before its first
 * iteration.
 */
public final class TemplateRenderer {

    private static final int CACHE_SIZE = 2_000;

    /**
     * Cost limits of one render (all parts of one message).
     *
     * @param maxLoopIterations iterations of one loop
     * @param maxIterations     iterations of every loop together, nested loops included
     * @param maxOutputChars    characters of output, all parts together
     * @param maxRenderTime     time of one render
     */
    public record Limits(int maxLoopIterations, int maxIterations, int maxOutputChars, Duration maxRenderTime) {
        public static final Limits DEFAULT = new Limits(1_000, 10_000, 256 * 1024, Duration.ofSeconds(1));
    }

    private final Engine engine;
    private final Limits limits;
    private final Consumer<TemplateLimitException> onLimit;
    private final Map<String, Template> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public TemplateRenderer() {
        this(Limits.DEFAULT, e -> {
        });
    }

    /** @param onLimit told of every render stopped by a limit (to count them) */
    public TemplateRenderer(Limits limits, Consumer<TemplateLimitException> onLimit) {
        this.limits = limits;
        this.onLimit = onLimit;
        this.engine = Engine.builder()
                .addSectionHelper(new IfSectionHelper.Factory())
                .addSectionHelper(new BoundedLoops())
                .addSectionHelper(new WithSectionHelper.Factory())
                .addSectionHelper(new SetSectionHelper.Factory())
                .addSectionHelper(new WhenSectionHelper.Factory())
                .addValueResolvers(ValueResolvers.mapResolver(), ValueResolvers.mapEntryResolver(),
                        ValueResolvers.listResolver(), ValueResolvers.collectionResolver(),
                        ValueResolvers.thisResolver(), ValueResolvers.orResolver(), ValueResolvers.orEmpty(),
                        ValueResolvers.trueResolver(), ValueResolvers.logicalAndResolver(),
                        ValueResolvers.logicalOrResolver(), ValueResolvers.equalsResolver(),
                        // The loop's element and metadata ({it}, {it_index}); no data object is a Mapper.
                        ValueResolvers.mapperResolver())
                .addResultMapper(new NotFoundIsEmpty())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .addResultMapper(new JsonStringEscaper())
                .strictRendering(false)
                .removeStandaloneLines(true)
                .build();
    }

    /**
     * Parses every part and checks what can be checked before data is known (a loop over a literal); the first
     * problem is reported with its part and position.
     */
    public void validate(TemplateContent content) {
        content.parts().forEach((name, part) -> {
            Template template = parse(name, part);
            for (TemplateNode node : template.findNodes(n -> n instanceof SectionNode)) {
                String problem = BoundedLoops.problem(((SectionNode) node).getHelper());
                if (problem != null) {
                    TemplateNode.Origin origin = node.getOrigin();
                    throw new TemplateSyntaxException(name, origin.getLine(),
                            Math.max(1, origin.getLineCharacterStart()), problem);
                }
            }
        });
    }

    /**
     * Renders every part over {@code data} (made plain first), within one budget; over budget, a
     * {@link TemplateLimitException} naming the part it stopped in.
     */
    public Map<String, String> render(TemplateContent content, Map<String, Object> data) {
        Map<String, Object> plain = plainMap(data);
        RenderBudget budget = new RenderBudget(limits);
        Map<String, String> out = new LinkedHashMap<>();
        try {
            content.parts().forEach((name, part) -> {
                try {
                    out.put(name, render(name, parse(name, part), plain, budget));
                } catch (TemplateLimitException e) {
                    throw e.field() == null ? e.at(name) : e;
                }
            });
        } catch (TemplateLimitException e) {
            onLimit.accept(e);
            throw e;
        }
        return out;
    }

    private static String render(String name, Template template, Map<String, Object> data, RenderBudget budget) {
        StringBuilder out = new StringBuilder();
        try {
            template.data(data).setAttribute(BoundedLoops.BUDGET, budget).consume(chunk -> {
                budget.output(name, chunk.length());
                out.append(chunk);
            }).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof TemplateException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
        return out.toString();
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
