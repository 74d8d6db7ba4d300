package io.omnijourney.notification;

import io.omnijourney.testsupport.LayerRules;
import org.junit.jupiter.api.Test;

/** domain imports no framework or adapter, app imports no adapter, adapters of different technologies stay apart. */
class LayersTest {

    @Test
    void theLayersHold() {
        LayerRules.check("io.omnijourney.notification");
    }
}
