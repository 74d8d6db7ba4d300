package io.omnijourney.ingest.domain.tracking;

import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import java.util.List;

/** Input over a size bound: answered 413, nothing published. */
public class PayloadTooLargeException extends InvalidInputException {

    public PayloadTooLargeException(List<InputProblem> problems) {
        super(problems);
    }

    public PayloadTooLargeException(String field, String problem) {
        super(field, problem);
    }
}
