package io.omnijourney.testsupport.layers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.omnijourney.testsupport.LayerRulesAccess;
import org.junit.jupiter.api.Test;

/** The layer rules catch each kind of violation in a sample service that commits all of them. */
class LayerRulesTest {

    private static final String SAMPLE = "io.omnijourney.testsupport.layers.sample";

    @Test
    void everyBrokenRuleIsReported() {
        assertThatThrownBy(() -> LayerRulesAccess.check(new ClassFileImporter().importPackages(SAMPLE), SAMPLE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("free of frameworks");
        assertThatThrownBy(() -> LayerRulesAccess.check(new ClassFileImporter()
                .importPackages(SAMPLE + ".app", SAMPLE + ".adapter"), SAMPLE))
                .hasMessageContaining("only through ports");
        assertThatThrownBy(() -> LayerRulesAccess.check(new ClassFileImporter()
                .importPackages(SAMPLE + ".adapter"), SAMPLE))
                .hasMessageContaining("adapters meet only through the app");
    }
}
