package io.omnijourney.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties a service reads, derived from its sources when the test runs (so it follows the
 * services as they change): the keys of its application.properties (profile prefixes removed), its
 * {@code @ConfigMapping} interfaces (prefix, kebab-cased method names, {@code @WithName}, {@code @WithParentName},
 * nested groups, maps of groups, inherited groups), {@code @ConfigProperty(name = ...)} and {@code getValue("...")},
 * and the well-known framework prefixes it uses ({@code quarkus.*} always; {@code kafka.*}, {@code mp.messaging.*},
 * {@code omnijourney.kafka.*}, {@code omnijourney.auth.*}, {@code omnijourney.messaging.*} when its properties or the
 * sources of the service or of the project modules it depends on name them).
 *
 * <p>An environment variable names a property the MicroProfile way: the property in upper case with every
 * character that is not a letter or a digit replaced by {@code _}.
 */
final class ServiceProperties {

    static final List<String> FRAMEWORK_PREFIXES = List.of("quarkus.", "kafka.", "mp.messaging.", "omnijourney.kafka.",
            "omnijourney.auth.", "omnijourney.messaging.");
    /** A map key or list index: any one or more segments. */
    static final String ANY = "*";

    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern GET_VALUE = Pattern.compile("\\bget(?:Optional)?Value\\s*\\(\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)(?:\\s*<[^>{]*>)?(?:\\s+extends\\s+([\\w\\s,.<>]+?))?\\s*\\{");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\s*\\((?:[^()\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern METHOD = Pattern.compile("^(.+?)\\s+(\\w+)\\s*\\(\\s*\\)$");
    private static final Pattern MODULE_DEPENDENCY = Pattern.compile(
            "<groupId>io\\.omnijourney</groupId>\\s*<artifactId>omnijourney-([\\w-]+)</artifactId>");

    private final String service;
    private final Set<String> names;
    private final Set<String> prefixes;

    private ServiceProperties(String service, Set<String> names, Set<String> prefixes) {
        this.service = service;
        this.names = names;
        this.prefixes = prefixes;
    }

    /**
     * What a module that is not in this checkout reads, as its author declared it: the console is written on another
     * branch. Its Deployment's keys are checked against this list while its module is absent, and against its sources
     * (as any service's) once it is here; {@code ServiceConfigKeysTest} then also checks its sources declare these.
     */
    static final Map<String, Set<String>> DECLARED_WHILE_ABSENT = Map.of("console", Set.of(
            "omnijourney.console.ingest-url", "omnijourney.console.profile-url", "omnijourney.console.journey-url",
            "omnijourney.console.notification-url", "omnijourney.console.secure-cookie"));

    static ServiceProperties of(Path repoRoot, String service) {
        Path module = repoRoot.resolve(service);
        if (!Files.isDirectory(module)) {
            Set<String> declared = DECLARED_WHILE_ABSENT.get(service);
            if (declared == null) {
                throw new IllegalStateException("no module " + service + " in " + repoRoot);
            }
            return new ServiceProperties(service, new TreeSet<>(declared), new LinkedHashSet<>(List.of("quarkus.")));
        }
        Set<String> names = new TreeSet<>(applicationProperties(module));
        List<Path> sources = javaSources(module);
        List<Path> dependencySources = new ArrayList<>();
        for (String dependency : projectDependencies(module)) {
            dependencySources.addAll(javaSources(repoRoot.resolve(dependency)));
        }
        for (Path file : sources) {
            names.addAll(fromJava(read(file), sources));
        }
        Set<String> prefixes = new LinkedHashSet<>();
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (prefix.equals("quarkus.") || names.stream().anyMatch(n -> n.startsWith(prefix))
                    || mentions(sources, prefix) || mentions(dependencySources, prefix)) {
                prefixes.add(prefix);
            }
        }
        return new ServiceProperties(service, names, prefixes);
    }

    String service() {
        return service;
    }

    Set<String> names() {
        return names;
    }

    Set<String> prefixes() {
        return prefixes;
    }

    /** The property an environment variable sets, if the service reads one by that name. */
    boolean readsEnv(String variable) {
        if (prefixes.stream().anyMatch(p -> variable.startsWith(envName(p)))) {
            return true;
        }
        return names.stream().anyMatch(name -> envPattern(name).matcher(variable).matches());
    }

    /** MicroProfile Config: upper case, every non-alphanumeric character to {@code _}. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Pattern envPattern(String name) {
        StringBuilder regex = new StringBuilder();
        String[] parts = name.split(Pattern.quote(ANY), -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(envName(parts[i])));
            if (i < parts.length - 1) {
                regex.append("[A-Z0-9_]+");
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static Set<String> applicationProperties(Path module) {
        Path file = module.resolve("src/main/resources/application.properties");
        Set<String> keys = new TreeSet<>();
        if (!Files.exists(file)) {
            return keys;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return keys;
    }

    /** The project modules (omnijourney-*) the service's pom depends on, by directory name. */
    private static List<String> projectDependencies(Path module) {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE_DEPENDENCY.matcher(read(module.resolve("pom.xml")));
        while (m.find()) {
            if (Files.isDirectory(module.getParent().resolve(m.group(1)))) {
                modules.add(m.group(1));
            }
        }
        return modules;
    }

    private static List<Path> javaSources(Path module) {
        Path root = module.resolve("src/main/java");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A string literal that starts with the prefix, or is the prefix itself (as a @ConfigMapping prefix is). */
    private static boolean mentions(List<Path> sources, String prefix) {
        String exact = "\"" + prefix.substring(0, prefix.length() - 1) + "\"";
        return sources.stream().map(ServiceProperties::read).anyMatch(s -> s.contains("\"" + prefix) || s.contains(exact));
    }

    private static Set<String> fromJava(String source, List<Path> allSources) {
        Set<String> found = new TreeSet<>();
        for (Pattern p : List.of(CONFIG_PROPERTY, GET_VALUE)) {
            Matcher m = p.matcher(source);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        Matcher mapping = CONFIG_MAPPING.matcher(source);
        if (mapping.find()) {
            String code = JavaText.withoutComments(source);
            Map<String, InterfaceBody> interfaces = interfaces(code);
            // Groups may also be top-level interfaces in other files of the module.
            for (Path other : allSources) {
                interfaces(JavaText.withoutComments(read(other))).forEach(interfaces::putIfAbsent);
            }
            Matcher root = INTERFACE.matcher(code.substring(mapping.end()));
            if (root.find()) {
                expand(interfaces, root.group(1), mapping.group(1), found, 0);
            }
        }
        return found;
    }

    private record InterfaceBody(String body, List<String> parents) {
    }

    private static Map<String, InterfaceBody> interfaces(String code) {
        Map<String, InterfaceBody> found = new HashMap<>();
        Matcher m = INTERFACE.matcher(code);
        while (m.find()) {
            int open = m.end() - 1;
            int close = JavaText.matchingBrace(code, open);
            List<String> parents = new ArrayList<>();
            if (m.group(2) != null) {
                for (String parent : m.group(2).split(",")) {
                    parents.add(parent.replaceAll("<.*", "").trim());
                }
            }
            found.putIfAbsent(m.group(1), new InterfaceBody(code.substring(open + 1, close), parents));
        }
        return found;
    }

    private static void expand(Map<String, InterfaceBody> interfaces, String type, String prefix, Set<String> out, int depth) {
        InterfaceBody body = interfaces.get(type);
        if (body == null || depth > 10) {
            return;
        }
        for (String parent : body.parents()) {
            expand(interfaces, parent, prefix, out, depth + 1);
        }
        for (String member : JavaText.topLevelStatements(body.body())) {
            String declaration = member.trim();
            if (declaration.startsWith("default ") || declaration.startsWith("static ")) {
                continue;
            }
            Matcher withName = WITH_NAME.matcher(declaration);
            String explicitName = withName.find() ? withName.group(1) : null;
            boolean parentName = declaration.contains("@WithParentName");
            String plain = ANNOTATION.matcher(declaration).replaceAll(" ").replaceAll("\\s+", " ").trim();
            Matcher method = METHOD.matcher(plain);
            if (!method.matches()) {
                continue;
            }
            String returnType = method.group(1).trim();
            String segment = parentName ? null : explicitName != null ? explicitName : kebab(method.group(2));
            String path = segment == null ? prefix : prefix + "." + segment;
            String element = unwrap(returnType, "Optional");
            if (element.startsWith("Map<")) {
                String value = element.substring(element.indexOf(',') + 1, element.lastIndexOf('>')).trim();
                if (interfaces.containsKey(value)) {
                    expand(interfaces, value, path + "." + ANY, out, depth + 1);
                } else {
                    out.add(path + "." + ANY);
                }
            } else if (element.startsWith("List<") && interfaces.containsKey(unwrap(element, "List"))) {
                expand(interfaces, unwrap(element, "List"), path + ANY, out, depth + 1);
            } else if (interfaces.containsKey(element)) {
                expand(interfaces, element, path, out, depth + 1);
            } else {
                out.add(path);
            }
        }
    }

    private static String unwrap(String type, String wrapper) {
        String t = type.trim();
        return t.startsWith(wrapper + "<") ? t.substring(wrapper.length() + 1, t.lastIndexOf('>')).trim() : t;
    }

    /** SmallRye Config's default naming: camelCase to kebab-case. */
    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
