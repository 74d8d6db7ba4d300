package io.omnijourney.profile.adapter.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Splits the values of an {@code $in} query. The wire-protocol test server finds candidates through the {@code _id}
 * index but then re-checks each against the whole {@code $in} list, so one query over k keys costs k squared
 * comparisons: 1,000 keys took 80 ms where ten queries of 100 take a few. Real MongoDB does not care either way.
 */
final class InChunks {

    static final int SIZE = 100;

    private InChunks() {
    }

    static <T> List<List<T>> of(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += SIZE) {
            chunks.add(all.subList(i, Math.min(all.size(), i + SIZE)));
        }
        return chunks;
    }
}
