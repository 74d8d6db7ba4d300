package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.Template;
import java.util.List;
import java.util.Optional;

public interface TemplateStore {

    void save(Template template);

    Optional<Template> find(String templateId, MessageChannel channel);

    /** Every channel of one template id. */
    List<Template> byId(String templateId);

    List<Template> list(int limit);

    boolean delete(String templateId, MessageChannel channel);

    /** Templates stored (one per id and channel). */
    default long count() {
        return list(Integer.MAX_VALUE).size();
    }
}
