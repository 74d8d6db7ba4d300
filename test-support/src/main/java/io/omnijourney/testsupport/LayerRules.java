package io.omnijourney.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layering every service keeps, checked on its compiled classes: {@code domain} imports no framework, store or
 * broker API and nothing of the service's {@code app}, {@code adapter} or {@code config}; {@code app} imports no
 * adapter; an adapter of one technology ({@code adapter.rest}, {@code adapter.kafka}, {@code adapter.mongo}, ...)
 * imports no adapter of another. {@code config} wires everything and may import anything.
 *
 * <pre>
 * &#64;Test void layersHold() { LayerRules.check("io.omnijourney.profile"); }
 * </pre>
 */
public final class LayerRules {

    /**
     * APIs the domain must not know: frameworks, stores, brokers, transport, and service-kit's edges. Jackson's tree
     * model is allowed: ingest's domain validates the Segment JSON the SDKs send as a tree, the way the Segment spec
     * describes it. So is service-kit's {@code io.omnijourney.kit.cel}: plain functions over CEL (which the domain uses
     * for conditions) that bound an expression's cost, with no framework behind them.
     */
    private static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta..", "javax.ws..", "com.mongodb..",
        "org.bson..", "org.apache.kafka..", "io.smallrye..", "io.micrometer..", "io.opentelemetry..", "io.vertx..",
        "org.eclipse.microprofile..", "io.omnijourney.kit", "io.omnijourney.kit.kafka..",
        "io.omnijourney.kit.messaging..", "io.omnijourney.kit.observability..", "io.omnijourney.kit.rest..",
        "io.omnijourney.kit.security.."};

    private LayerRules() {
    }

    /** Fails with every violation listed when the service under {@code basePackage} breaks a rule. */
    public static void check(String basePackage) {
        check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage), basePackage);
    }

    static void check(JavaClasses classes, String basePackage) {
        for (ArchRule rule : rules(basePackage, adapterTechnologies(classes, basePackage))) {
            rule.allowEmptyShould(true).check(classes);
        }
    }

    static List<ArchRule> rules(String base, Set<String> technologies) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(noClasses().that().resideInAPackage(base + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("the domain holds the business rules, free of frameworks, stores and brokers"));
        rules.add(noClasses().that().resideInAPackage(base + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(base + ".app..", base + ".adapter..",
                        base + ".config..")
                .because("the domain depends on nothing of the service around it"));
        rules.add(noClasses().that().resideInAPackage(base + ".app..")
                .should().dependOnClassesThat().resideInAPackage(base + ".adapter..")
                .because("use cases reach the edges only through ports"));
        for (String technology : technologies) {
            String own = base + ".adapter." + technology + "..";
            for (String other : technologies) {
                if (!other.equals(technology)) {
                    rules.add(noClasses().that().resideInAPackage(own)
                            .should().dependOnClassesThat().resideInAPackage(base + ".adapter." + other + "..")
                            .because("an adapter translates one technology; adapters meet only through the app"));
                }
            }
        }
        return rules;
    }

    private static Set<String> adapterTechnologies(JavaClasses classes, String base) {
        String prefix = base + ".adapter.";
        Set<String> technologies = new TreeSet<>();
        classes.forEach(c -> {
            String pkg = c.getPackageName();
            if (pkg.startsWith(prefix)) {
                String rest = pkg.substring(prefix.length());
                technologies.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            }
        });
        return technologies;
    }
}
