package io.omnijourney.notification.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.omnijourney.kit.mongo.RequestReads;
import io.omnijourney.notification.app.TemplateStore;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SurveyLinks;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Templates in collection {@code templates} ({@code _id} = templateId|channel). Locales are user input, so variants
 * are an array of documents carrying their locale as a value, never as a field name.
 */
public class MongoTemplateStore implements TemplateStore {

    private final MongoCollection<Document> templates;

    public MongoTemplateStore(MongoDatabase database) {
        this.templates = database.getCollection("templates");
    }

    @Override
    public void save(Template t) {
        List<Document> variants = new ArrayList<>();
        t.locales().forEach((locale, content) -> variants.add(variant(locale, content)));
        Document doc = new Document("_id", key(t.templateId(), t.channel())).append("templateId", t.templateId())
                .append("channel", t.channel().wireName()).append("defaultLocale", t.defaultLocale())
                .append("variants", variants).append("updatedAt", Date.from(t.updatedAt()))
                .append("transactional", t.transactional())
                .append("survey", t.survey() == null ? null : t.survey().wireName());
        templates.replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<Template> find(String templateId, MessageChannel channel) {
        return Optional.ofNullable(templates.find(Filters.eq("_id", key(templateId, channel))).first())
                .map(MongoTemplateStore::fromDocument);
    }

    @Override
    public List<Template> byId(String templateId) {
        List<Template> out = new ArrayList<>();
        templates.find(Filters.eq("templateId", templateId)).sort(Sorts.ascending("channel"))
                .forEach(d -> out.add(fromDocument(d)));
        return out;
    }

    @Override
    public List<Template> list(int limit) {
        List<Template> out = new ArrayList<>();
        RequestReads.bounded(templates.find()).sort(Sorts.ascending("_id")).limit(limit)
                .forEach(d -> out.add(fromDocument(d)));
        return out;
    }

    @Override
    public boolean delete(String templateId, MessageChannel channel) {
        return templates.deleteOne(Filters.eq("_id", key(templateId, channel))).getDeletedCount() > 0;
    }

    private static String key(String templateId, MessageChannel channel) {
        return templateId + "|" + channel.wireName();
    }

    private static Document variant(String locale, TemplateContent content) {
        Document d = new Document("locale", locale);
        if (content instanceof TemplateContent.Email e) {
            d.append("subject", e.subject()).append("html", e.html()).append("text", e.text());
        } else if (content instanceof TemplateContent.Sms s) {
            d.append("text", s.text());
        } else if (content instanceof TemplateContent.WhatsApp w) {
            d.append("text", w.text()).append("contentSid", w.contentSid());
            if (!w.variables().isEmpty()) {
                d.append("variables", new Document(w.variables()));
            }
        } else if (content instanceof TemplateContent.Push p) {
            d.append("title", p.title()).append("body", p.body()).append("deepLink", p.deepLink());
        } else if (content instanceof TemplateContent.Inbox i) {
            d.append("title", i.title()).append("body", i.body()).append("deepLink", i.deepLink());
        } else if (content instanceof TemplateContent.Webhook w) {
            d.append("url", w.url()).append("body", w.body());
        }
        return d;
    }

    @Override
    public long count() {
        return templates.countDocuments();
    }

    private static Map<String, String> variables(Document stored) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (stored != null) {
            stored.forEach((name, value) -> variables.put(name, String.valueOf(value)));
        }
        return variables;
    }

    private static Template fromDocument(Document d) {
        MessageChannel channel = MessageChannel.parse(d.getString("channel")).orElseThrow();
        Map<String, TemplateContent> locales = new LinkedHashMap<>();
        for (Document v : d.getList("variants", Document.class)) {
            locales.put(v.getString("locale"), switch (channel) {
                case EMAIL -> new TemplateContent.Email(v.getString("subject"), v.getString("html"),
                        v.getString("text"));
                case SMS -> new TemplateContent.Sms(v.getString("text"));
                case WHATSAPP -> new TemplateContent.WhatsApp(v.getString("text"), v.getString("contentSid"),
                        variables(v.get("variables", Document.class)));
                case PUSH -> new TemplateContent.Push(v.getString("title"), v.getString("body"),
                        v.getString("deepLink"));
                case INBOX -> new TemplateContent.Inbox(v.getString("title"), v.getString("body"),
                        v.getString("deepLink"));
                case WEBHOOK -> new TemplateContent.Webhook(v.getString("url"), v.getString("body"));
            });
        }
        return new Template(d.getString("templateId"), channel, d.getString("defaultLocale"), locales,
                d.getDate("updatedAt").toInstant(), Boolean.TRUE.equals(d.getBoolean("transactional")),
                SurveyLinks.Kind.parse(d.getString("survey")).orElse(null));
    }
}
