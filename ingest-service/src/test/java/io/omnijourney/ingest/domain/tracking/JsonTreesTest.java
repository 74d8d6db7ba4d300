package io.omnijourney.ingest.domain.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.ingest.domain.InputProblem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void estimatedSizeIsTheCompactJsonLengthForAsciiDocuments() throws Exception {
        JsonNode node = MAPPER.readTree("{\"type\":\"track\",\"event\":\"Order Completed\",\"n\":-12.5,\"ok\":true,"
                + "\"nothing\":null,\"items\":[{\"sku\":\"a\",\"qty\":2},[],{}],\"big\":123456789012345678901234567890}");

        assertThat(JsonTrees.estimatedSize(node)).isEqualTo(MAPPER.writeValueAsString(node).length());
    }

    @Test
    void convertsToPlainValuesWithLongIntegers() throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(
                "{\"qty\":3,\"price\":9.5,\"big\":123456789012345678901234567890,\"tags\":[\"a\",1],\"nested\":{\"x\":null}}");
        List<InputProblem> problems = new ArrayList<>();

        Map<String, Object> map = JsonTrees.toCheckedMap(node, "properties", problems);

        assertThat(problems).isEmpty();
        assertThat(map).containsEntry("qty", 3L).containsEntry("price", 9.5)
                .containsEntry("big", new BigInteger("123456789012345678901234567890"))
                .containsEntry("tags", List.of("a", 1L));
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) map.get("nested");
        assertThat(nested).containsEntry("x", null);
    }

    @Test
    void forbiddenKeysAreReportedWithTheirPath() throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree("{\"ok\":1,\"list\":[{\"$ne\":1}],\"\":2,\"a\\u0000b\":3}");
        List<InputProblem> problems = new ArrayList<>();

        JsonTrees.toCheckedMap(node, "traits", problems);

        assertThat(problems).containsExactlyInAnyOrder(
                new InputProblem("traits.list[0].$ne", "keys must not start with '$'"),
                new InputProblem("traits", "keys must not be empty"),
                new InputProblem("traits", "keys must not contain NUL characters"));
    }
}
