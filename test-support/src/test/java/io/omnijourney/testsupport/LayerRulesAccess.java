package io.omnijourney.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;

/** Lets the layer rules' own test run them on test classes. */
public final class LayerRulesAccess {

    private LayerRulesAccess() {
    }

    public static void check(JavaClasses classes, String basePackage) {
        LayerRules.check(classes, basePackage);
    }
}
