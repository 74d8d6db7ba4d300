package io.omnijourney.ingest.domain;

/** One thing wrong with client input: where (a JSON-pointer-like path such as {@code batch[2].event}) and what. */
public record InputProblem(String field, String problem) {
}
