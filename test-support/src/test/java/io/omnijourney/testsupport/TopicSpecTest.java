package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void parsesNamesWithAndWithoutPartitions() {
        assertEquals(new TopicSpec("events", 1), TopicSpec.parse("events"));
        assertEquals(new TopicSpec("events.v1", 6), TopicSpec.parse(" events.v1 : 6 "));
    }

    @Test
    void parsesCommaSeparatedLists() {
        assertEquals(List.of(new TopicSpec("a", 2), new TopicSpec("b", 1)), TopicSpec.parseList("a:2, b,"));
        assertEquals(List.of(), TopicSpec.parseList(null));
        assertEquals(List.of(), TopicSpec.parseList(" "));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.parse("a:x"));
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.parse("a:0"));
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.parse(":3"));
    }
}
