package io.omnijourney.journey.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.journey.domain.JourneyDefinition.ConversionGoal;
import io.omnijourney.journey.domain.JourneyDefinition.EntryRules;
import io.omnijourney.journey.domain.JourneyDefinition.ExitCriterion;
import io.omnijourney.journey.domain.JourneyDefinition.FrequencyCap;
import io.omnijourney.journey.domain.JourneyDefinition.QuietHours;
import io.omnijourney.journey.domain.JourneyDefinition.Reentry;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a journey definition from its JSON and validates it completely: every problem is reported with a JSON
 * pointer to the offending field (and, for CEL, the position inside the expression), not just the first one.
 */
public final class DefinitionParser {

    /**
     * Channels a message can be sent on (the others are where touchpoints come from). {@code mobile} and {@code web}
     * are the in-app inbox, which notification-service keeps per profile for the app and the signed-in website.
     */
    public static final Set<Channel> SEND_CHANNELS = EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP,
            Channel.PUSH, Channel.WEBHOOK, Channel.MOBILE, Channel.WEB);
    /** The marketer's word for the in-app inbox: a request on {@code mobile}. */
    public static final String IN_APP = "in_app";
    public static final Duration MIN_WAIT = Duration.ofSeconds(1);
    public static final Duration MAX_WAIT = Duration.ofDays(365);
    public static final int MAX_STEPS = 200;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern TEMPLATE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern TRAIT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final ObjectMapper MAPPER = io.omnijourney.contract.touchpoint.TouchpointCodec.mapper();

    private final List<DefinitionProblem> problems = new ArrayList<>();
    /** Step references seen while reading, checked once every step id is known. */
    private final List<DefinitionProblem> references = new ArrayList<>();
    private final Set<String> stepIds = new LinkedHashSet<>();

    private DefinitionParser() {
    }

    /** The definition, or {@link InvalidDefinitionException} with every problem found. */
    public static JourneyDefinition parse(JsonNode root) {
        DefinitionParser parser = new DefinitionParser();
        JourneyDefinition definition = parser.definition(root);
        if (!parser.problems.isEmpty()) {
            throw new InvalidDefinitionException(parser.problems);
        }
        return definition;
    }

    private JourneyDefinition definition(JsonNode root) {
        if (root == null || !root.isObject()) {
            problem("", "must be a JSON object");
            return null;
        }
        String name = text(root, "/name", true, 200);
        String description = text(root, "/description", false, 2_000);
        JourneyDefinition.Trigger trigger = trigger(root.get("trigger"));
        Optional<Condition> audience = optionalCondition(root, "/audience");
        EntryRules entry = entry(root.get("entry"));
        List<ExitCriterion> exits = exits(root.get("exit"));
        Optional<ConversionGoal> goal = goal(root.get("goal"));
        Optional<QuietHours> quiet = quietHours(root.get("quietHours"));
        Optional<FrequencyCap> cap = frequencyCap(root.get("frequencyCap"));
        int holdout = holdout(root.get("holdout"));
        List<Step> steps = steps(root.get("steps"));
        for (DefinitionProblem reference : references) {
            if (!stepIds.contains(reference.problem())) {
                problem(reference.pointer(), "unknown step '" + reference.problem() + "'");
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(StepGraph.check(steps));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new JourneyDefinition(name, description, trigger, audience, entry, exits, goal, quiet, cap, holdout,
                steps);
    }

    private JourneyDefinition.Trigger trigger(JsonNode node) {
        if (node == null || !node.isObject()) {
            problem("/trigger", "required: an object with 'events' or 'segmentEntered'");
            return null;
        }
        boolean hasEvents = node.has("events");
        boolean hasSegment = node.has("segmentEntered");
        if (hasEvents == hasSegment) {
            problem("/trigger", "give exactly one of 'events' (event names) or 'segmentEntered' (a segment id)");
            return null;
        }
        if (hasSegment) {
            String segment = node.get("segmentEntered").isTextual() ? node.get("segmentEntered").asText() : null;
            if (segment == null || !ID.matcher(segment).matches()) {
                problem("/trigger/segmentEntered", "must be a segment id (letters, digits, '_', '.', '-')");
                return null;
            }
            for (String field : List.of("channels", "condition")) {
                if (node.has(field)) {
                    problem("/trigger/" + field, "only event triggers take '" + field + "'");
                }
            }
            return new JourneyDefinition.SegmentTrigger(segment);
        }
        List<String> events = eventNames(node.get("events"), "/trigger/events");
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        JsonNode channelNode = node.get("channels");
        if (channelNode != null) {
            if (!channelNode.isArray()) {
                problem("/trigger/channels", "must be an array of channels");
            } else {
                for (int i = 0; i < channelNode.size(); i++) {
                    Optional<Channel> channel = Channel.parse(channelNode.get(i).asText(null));
                    if (channel.isEmpty()) {
                        problem("/trigger/channels/" + i, "unknown channel '" + channelNode.get(i).asText() + "'");
                    } else {
                        channels.add(channel.get());
                    }
                }
            }
        }
        return new JourneyDefinition.EventTrigger(events, channels, optionalCondition(node, "/trigger/condition"));
    }

    private List<String> eventNames(JsonNode node, String pointer) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(pointer, "required: a non-empty array of event names");
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String name = eventName(node.get(i), pointer + "/" + i);
            if (name != null) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private String eventName(JsonNode node, String pointer) {
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > 200) {
            problem(pointer, "must be an event name (1 to 200 characters)");
            return null;
        }
        return node.asText();
    }

    private EntryRules entry(JsonNode node) {
        if (node == null) {
            return EntryRules.defaults();
        }
        if (!node.isObject()) {
            problem("/entry", "must be an object");
            return EntryRules.defaults();
        }
        Reentry reentry = Reentry.AFTER_EXIT;
        if (node.has("reentry")) {
            String value = node.get("reentry").asText("");
            try {
                reentry = Reentry.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem("/entry/reentry", "must be one of never, after_exit, always");
            }
        }
        Duration cooldown = node.has("cooldown")
                ? duration(node.get("cooldown"), "/entry/cooldown", Duration.ZERO, MAX_WAIT) : Duration.ZERO;
        return new EntryRules(reentry, cooldown == null ? Duration.ZERO : cooldown);
    }

    private List<ExitCriterion> exits(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            problem("/exit", "must be an array of {event, correlation}");
            return List.of();
        }
        List<ExitCriterion> exits = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/exit/" + i;
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                problem(pointer, "must be an object {event, correlation}");
                continue;
            }
            String event = eventName(item.get("event"), pointer + "/event");
            Optional<String> correlation = propertyName(item, pointer + "/correlation");
            if (event != null) {
                exits.add(new ExitCriterion(event, correlation));
            }
        }
        return exits;
    }

    private Optional<ConversionGoal> goal(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem("/goal", "must be an object {event, within}");
            return Optional.empty();
        }
        String event = eventName(node.get("event"), "/goal/event");
        Duration within = duration(node.get("within"), "/goal/within", Duration.ofMinutes(1), MAX_WAIT);
        return event == null || within == null ? Optional.empty() : Optional.of(new ConversionGoal(event, within));
    }

    private Optional<QuietHours> quietHours(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem("/quietHours", "must be an object {start, end} with local times such as \"21:00\"");
            return Optional.empty();
        }
        LocalTime start = timeOfDay(node.get("start"), "/quietHours/start");
        LocalTime end = timeOfDay(node.get("end"), "/quietHours/end");
        if (start != null && start.equals(end)) {
            problem("/quietHours/end", "must differ from start");
        }
        return start == null || end == null || start.equals(end) ? Optional.empty()
                : Optional.of(new QuietHours(start, end));
    }

    private Optional<FrequencyCap> frequencyCap(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem("/frequencyCap", "must be an object {maxSends, per}");
            return Optional.empty();
        }
        JsonNode max = node.get("maxSends");
        if (max == null || !max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > 1000) {
            problem("/frequencyCap/maxSends", "must be an integer from 1 to 1000");
            max = null;
        }
        Duration per = duration(node.get("per"), "/frequencyCap/per", Duration.ofMinutes(1), MAX_WAIT);
        return max == null || per == null ? Optional.empty() : Optional.of(new FrequencyCap(max.asInt(), per));
    }

    private List<Step> steps(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem("/steps", "required: a non-empty array of steps");
            return List.of();
        }
        if (node.size() > MAX_STEPS) {
            problem("/steps", "at most " + MAX_STEPS + " steps");
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/steps/" + i;
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                problem(pointer, "must be an object");
                continue;
            }
            String id = text(item, pointer + "/id", true, 64);
            if (id != null && !ID.matcher(id).matches()) {
                problem(pointer + "/id", "letters, digits, '_', '.' and '-' only");
                id = null;
            }
            if (id != null) {
                stepIds.add(id);
            }
            if (id != null && !ids.add(id)) {
                problem(pointer + "/id", "duplicate step id '" + id + "'");
            }
            Step step = step(item, pointer, id);
            if (step != null) {
                steps.add(step);
            }
        }
        // Steps a step stands for besides itself (a reply's branch), after the declared ones: the first stays first.
        steps.addAll(implied);
        return steps;
    }

    private Step step(JsonNode node, String pointer, String id) {
        String type = node.path("type").asText("");
        return switch (type) {
            case "send" -> send(node, pointer, id);
            case "wait" -> waitStep(node, pointer, id);
            case "wait_for_event" -> waitForEvent(node, pointer, id);
            case "wait_for_reply" -> waitForReply(node, pointer, id);
            case "branch" -> branch(node, pointer, id);
            case "random_split" -> randomSplit(node, pointer, id);
            case "update_trait" -> updateTrait(node, pointer, id);
            case "exit" -> id == null ? null : new Step.Exit(id);
            default -> {
                problem(pointer + "/type",
                        "must be one of send, wait, wait_for_event, wait_for_reply, branch, random_split, update_trait, exit");
                yield null;
            }
        };
    }

    private Step send(JsonNode node, String pointer, String id) {
        List<Channel> channels = new ArrayList<>();
        Channel first = sendChannel(node.get("channel"), pointer + "/channel");
        if (first != null) {
            channels.add(first);
        }
        JsonNode fallback = node.get("fallback");
        if (fallback != null) {
            if (!fallback.isArray()) {
                problem(pointer + "/fallback", "must be an array of channels, in the order to try them");
            } else {
                for (int i = 0; i < fallback.size(); i++) {
                    Channel channel = sendChannel(fallback.get(i), pointer + "/fallback/" + i);
                    if (channel != null && channels.contains(channel)) {
                        problem(pointer + "/fallback/" + i, "channel '" + channel.wireName() + "' is already listed");
                    } else if (channel != null) {
                        channels.add(channel);
                    }
                }
            }
        }
        String template = text(node, pointer + "/templateId", true, 128);
        if (template != null && !TEMPLATE_ID.matcher(template).matches()) {
            problem(pointer + "/templateId", "letters, digits, '_', '.' and '-' only");
        }
        MessageCategory category = MessageCategory.MARKETING;
        if (node.has("category")) {
            try {
                category = MessageCategory.fromWire(node.get("category").asText(""));
            } catch (IllegalArgumentException e) {
                problem(pointer + "/category", "must be marketing or transactional");
            }
        }
        Map<String, Object> variables = Map.of();
        JsonNode vars = node.get("variables");
        if (vars != null) {
            if (!vars.isObject()) {
                problem(pointer + "/variables", "must be an object");
            } else {
                variables = MAPPER.convertValue(vars, MAPPER.getTypeFactory()
                        .constructMapType(java.util.LinkedHashMap.class, String.class, Object.class));
            }
        }
        String next = reference(node, pointer + "/next");
        return id == null || channels.isEmpty() || template == null ? null
                : new Step.Send(id, channels, template, category, variables, next);
    }

    private Channel sendChannel(JsonNode node, String pointer) {
        String value = node == null ? null : node.asText(null);
        Optional<Channel> channel = IN_APP.equals(value) ? Optional.of(Channel.MOBILE) : Channel.parse(value);
        if (channel.isEmpty() || !SEND_CHANNELS.contains(channel.get())) {
            problem(pointer, (value == null ? "required" : "unknown channel '" + value + "'")
                    + ": one of email, sms, whatsapp, push, webhook, in_app (or mobile, web)");
            return null;
        }
        return channel.get();
    }

    private Step waitStep(JsonNode node, String pointer, String id) {
        Optional<Duration> duration = Optional.empty();
        Optional<LocalTime> until = Optional.empty();
        if (node.has("duration")) {
            duration = Optional.ofNullable(duration(node.get("duration"), pointer + "/duration", MIN_WAIT, MAX_WAIT));
        }
        if (node.has("until")) {
            until = Optional.ofNullable(timeOfDay(node.get("until"), pointer + "/until"));
        }
        if (!node.has("duration") && !node.has("until")) {
            problem(pointer, "a wait needs 'duration' (ISO-8601, e.g. PT1H), 'until' (a time of day), or both");
        }
        String next = reference(node, pointer + "/next");
        return id == null ? null : new Step.Wait(id, duration, until, next);
    }

    private Step waitForEvent(JsonNode node, String pointer, String id) {
        String event = eventName(node.get("event"), pointer + "/event");
        Optional<String> correlation = propertyName(node, pointer + "/correlation");
        Duration timeout = duration(node.get("timeout"), pointer + "/timeout", MIN_WAIT, MAX_WAIT);
        String received = reference(node, pointer + "/received");
        String timedOut = reference(node, pointer + "/timedOut");
        return id == null || event == null || timeout == null ? null
                : new Step.WaitForEvent(id, event, correlation, timeout, received, timedOut);
    }

    /** The event a reply arrives as, per channel a reply can come on. */
    public static final Map<String, String> REPLY_EVENTS = Map.of(
            "sms", EventNames.SMS_RECEIVED,
            "whatsapp", EventNames.WHATSAPP_RECEIVED);
    /** What a keyword may be: letters, digits and inner spaces (matched whole, any case, around spaces and . !). */
    private static final Pattern KEYWORD = Pattern.compile("[\\p{L}\\p{N}]+(?: [\\p{L}\\p{N}]+)*");
    public static final int MAX_REPLY_CASES = 20;
    /** The suffix of the branch step a reply step stands for (not a valid step id, so it cannot collide). */
    public static final String REPLY_BRANCH = "#reply";

    /**
     * {@code wait_for_reply}: waits for the profile's next inbound message on {@code channel} ({@code sms}, the
     * default, or {@code whatsapp}) for at most
     * {@code timeout}, then goes to the first of {@code replies} whose {@code keywords} (any case, the whole reply
     * give or take spaces and a final . or !) or RE2 {@code pattern} matches the reply's text, else to
     * {@code otherwise}; with no reply in time, to {@code timedOut}. It stands for a {@code wait_for_event} on the
     * reply's event and a branch ({@code <id>#reply}) whose conditions test {@code event.properties.body}.
     */
    private Step waitForReply(JsonNode node, String pointer, String id) {
        String channel = node.path("channel").asText("sms");
        String event = REPLY_EVENTS.get(channel);
        if (event == null) {
            problem(pointer + "/channel", "replies come on: "
                    + String.join(", ", new java.util.TreeSet<>(REPLY_EVENTS.keySet())));
        }
        Duration timeout = duration(node.get("timeout"), pointer + "/timeout", MIN_WAIT, MAX_WAIT);
        String timedOut = reference(node, pointer + "/timedOut");
        String otherwise = reference(node, pointer + "/otherwise");
        JsonNode replies = node.get("replies");
        List<Step.Branch.Case> cases = new ArrayList<>();
        if (replies == null || !replies.isArray() || replies.isEmpty() || replies.size() > MAX_REPLY_CASES) {
            problem(pointer + "/replies", "required: 1 to " + MAX_REPLY_CASES + " of {keywords or pattern, next}");
        } else {
            for (int i = 0; i < replies.size(); i++) {
                String casePointer = pointer + "/replies/" + i;
                String regex = replyPattern(replies.get(i), casePointer);
                String next = replies.get(i).isObject() ? reference(replies.get(i), casePointer + "/next") : null;
                if (regex == null) {
                    continue;
                }
                String cel = "has(event.properties.body) && string(event.properties.body).matches(\""
                        + regex.replace("\\", "\\\\").replace("\"", "\\\"") + "\")";
                Conditions.Result compiled = Conditions.compile(cel);
                if (!compiled.ok()) {
                    problem(casePointer, "not a usable pattern: " + compiled.error());
                    continue;
                }
                cases.add(new Step.Branch.Case(compiled.condition(), next));
            }
        }
        if (id == null || event == null || timeout == null) {
            return null;
        }
        String branchId = id + REPLY_BRANCH;
        stepIds.add(branchId);
        implied.add(new Step.Branch(branchId, cases, otherwise));
        return new Step.WaitForEvent(id, event, Optional.empty(), timeout, branchId, timedOut);
    }

    /** The RE2 pattern a reply case stands for: its keywords as one anchored alternative, or its own pattern. */
    private String replyPattern(JsonNode reply, String pointer) {
        if (!reply.isObject()) {
            problem(pointer, "must be an object {keywords or pattern, next}");
            return null;
        }
        JsonNode keywords = reply.get("keywords");
        JsonNode pattern = reply.get("pattern");
        if ((keywords == null) == (pattern == null)) {
            problem(pointer, "give exactly one of 'keywords' (a list of words) or 'pattern' (an RE2 expression)");
            return null;
        }
        if (pattern != null) {
            if (!pattern.isTextual() || pattern.asText().isBlank() || pattern.asText().length() > 200) {
                problem(pointer + "/pattern", "must be an RE2 expression of 1 to 200 characters");
                return null;
            }
            try {
                com.google.re2j.Pattern.compile(pattern.asText());
            } catch (com.google.re2j.PatternSyntaxException e) {
                problem(pointer + "/pattern", "not an RE2 expression: " + e.getDescription());
                return null;
            }
            return pattern.asText();
        }
        if (!keywords.isArray() || keywords.isEmpty() || keywords.size() > 20) {
            problem(pointer + "/keywords", "must be a list of 1 to 20 words");
            return null;
        }
        List<String> words = new ArrayList<>();
        for (int k = 0; k < keywords.size(); k++) {
            JsonNode word = keywords.get(k);
            if (!word.isTextual() || word.asText().length() > 40 || !KEYWORD.matcher(word.asText().strip()).matches()) {
                problem(pointer + "/keywords/" + k, "letters and digits (inner spaces allowed), at most 40");
                return null;
            }
            words.add(word.asText().strip());
        }
        return "(?i)^\\s*(?:" + String.join("|", words) + ")\\s*[.!]*\\s*$";
    }

    private Step branch(JsonNode node, String pointer, String id) {
        JsonNode cases = node.get("conditions");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            problem(pointer + "/conditions", "required: a non-empty array of {if, next}");
            return null;
        }
        List<Step.Branch.Case> parsed = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String casePointer = pointer + "/conditions/" + i;
            if (!cases.get(i).isObject()) {
                problem(casePointer, "must be an object {if, next}");
                continue;
            }
            Condition condition = condition(cases.get(i).get("if"), casePointer + "/if");
            String next = reference(cases.get(i), casePointer + "/next");
            if (condition != null) {
                parsed.add(new Step.Branch.Case(condition, next));
            }
        }
        String otherwise = reference(node, pointer + "/default");
        return id == null ? null : new Step.Branch(id, parsed, otherwise);
    }

    /** {@code {"percent": 10}}: the share of entrants who get nothing (a global control group); 0 when absent. */
    private int holdout(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        JsonNode percent = node.isObject() ? node.get("percent") : null;
        if (percent == null || !percent.isIntegralNumber() || !percent.canConvertToInt() || percent.asInt() < 1
                || percent.asInt() > JourneyDefinition.MAX_HOLDOUT_PERCENT) {
            problem("/holdout/percent", "must be an integer from 1 to " + JourneyDefinition.MAX_HOLDOUT_PERCENT);
            return 0;
        }
        return percent.asInt();
    }

    private Step randomSplit(JsonNode node, String pointer, String id) {
        JsonNode paths = node.get("paths");
        if (paths == null || !paths.isArray() || paths.size() < 2) {
            problem(pointer + "/paths", "required: at least two {percent, next}");
            return null;
        }
        List<Step.RandomSplit.Path> parsed = new ArrayList<>();
        int total = 0;
        int control = -1;
        for (int i = 0; i < paths.size(); i++) {
            String pathPointer = pointer + "/paths/" + i;
            if (!paths.get(i).isObject()) {
                problem(pathPointer, "must be an object {percent, next}");
                continue;
            }
            JsonNode percent = paths.get(i).get("percent");
            if (percent == null || !percent.isIntegralNumber() || percent.asInt() < 1 || percent.asInt() > 99) {
                problem(pathPointer + "/percent", "must be an integer from 1 to 99");
                continue;
            }
            String name = text(paths.get(i), pathPointer + "/name", false, 64);
            JsonNode isControl = paths.get(i).get("control");
            if (isControl != null && !isControl.isBoolean()) {
                problem(pathPointer + "/control", "must be true or false");
            } else if (isControl != null && isControl.booleanValue()) {
                if (control >= 0) {
                    problem(pathPointer + "/control", "only one path can be the control, path " + control + " is");
                }
                control = i;
            }
            total += percent.asInt();
            parsed.add(new Step.RandomSplit.Path(percent.asInt(), reference(paths.get(i), pathPointer + "/next"),
                    name));
        }
        if (parsed.size() == paths.size() && total != 100) {
            problem(pointer + "/paths", "percentages must add up to 100, they add up to " + total);
        }
        return id == null ? null : new Step.RandomSplit(id, parsed, Math.max(control, 0));
    }

    private Step updateTrait(JsonNode node, String pointer, String id) {
        String trait = text(node, pointer + "/trait", true, 64);
        if (trait != null && !TRAIT.matcher(trait).matches()) {
            problem(pointer + "/trait", "a trait name: a letter or '_', then letters, digits or '_'");
            trait = null;
        }
        if (trait != null && ReservedTraits.reason(trait).isPresent()) {
            problem(pointer + "/trait", ReservedTraits.reason(trait).get());
            trait = null;
        }
        JsonNode value = node.get("value");
        if (value == null || !value.isValueNode()) {
            problem(pointer + "/value", "required: a string, number, boolean or null");
        }
        String next = reference(node, pointer + "/next");
        return id == null || trait == null || value == null || !value.isValueNode() ? null
                : new Step.UpdateTrait(id, trait, MAPPER.convertValue(value, Object.class), next);
    }

    private String reference(JsonNode node, String pointer) {
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode ref = node.get(field);
        if (ref == null || ref.isNull()) {
            return null;
        }
        if (!ref.isTextual() || !ID.matcher(ref.asText()).matches()) {
            problem(pointer, "must be a step id");
            return null;
        }
        references.add(new DefinitionProblem(pointer, ref.asText()));
        return ref.asText();
    }

    private Optional<String> propertyName(JsonNode node, String pointer) {
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (!node.has(field)) {
            return Optional.empty();
        }
        String value = text(node, pointer, true, 100);
        return Optional.ofNullable(value);
    }

    private Optional<Condition> optionalCondition(JsonNode node, String pointer) {
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (!node.has(field) || node.get(field).isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(condition(node.get(field), pointer));
    }

    private Condition condition(JsonNode node, String pointer) {
        if (node == null || !node.isTextual()) {
            problem(pointer, "required: a CEL expression over 'event' and 'profile'");
            return null;
        }
        Conditions.Result result = Conditions.compile(node.asText());
        if (!result.ok()) {
            problem(pointer, "invalid CEL at " + result.error());
            return null;
        }
        return result.condition();
    }

    private Duration duration(JsonNode node, String pointer, Duration min, Duration max) {
        if (node == null || !node.isTextual()) {
            problem(pointer, "required: an ISO-8601 duration such as PT1H or P7D");
            return null;
        }
        Duration duration;
        try {
            duration = Duration.parse(node.asText());
        } catch (DateTimeParseException e) {
            problem(pointer, "'" + node.asText() + "' is not an ISO-8601 duration such as PT1H or P7D");
            return null;
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            problem(pointer, "out of range: must be from " + min + " to " + max + " (was " + duration + ")");
            return null;
        }
        return duration;
    }

    private LocalTime timeOfDay(JsonNode node, String pointer) {
        if (node == null || !node.isTextual()) {
            problem(pointer, "required: a local time of day such as \"09:00\"");
            return null;
        }
        try {
            return LocalTime.parse(node.asText());
        } catch (DateTimeParseException e) {
            problem(pointer, "'" + node.asText() + "' is not a time of day such as \"09:00\"");
            return null;
        }
    }

    private String text(JsonNode node, String pointer, boolean required, int maxLength) {
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(pointer, "required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            problem(pointer, "must be a non-blank string of at most " + maxLength + " characters");
            return null;
        }
        return value.asText();
    }

    private final List<Step> implied = new ArrayList<>();

    private void problem(String pointer, String problem) {
        problems.add(new DefinitionProblem(pointer, problem));
    }
}
