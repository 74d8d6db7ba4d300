package io.omnijourney.journey.domain;

/** One thing wrong with a definition: a JSON pointer to the field (RFC 6901) and what is wrong with it. */
public record DefinitionProblem(String pointer, String problem) {
}
