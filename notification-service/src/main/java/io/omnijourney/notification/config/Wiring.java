package io.omnijourney.notification.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.notification.adapter.email.SmtpEmailSender;
import io.omnijourney.notification.adapter.http.FcmPushSender;
import io.omnijourney.notification.adapter.http.ProviderHttp;
import io.omnijourney.notification.adapter.http.TwilioSmsSender;
import io.omnijourney.notification.adapter.http.TwilioWhatsAppSender;
import io.omnijourney.notification.adapter.http.WebhookSender;
import io.omnijourney.notification.adapter.inbox.InboxSender;
import io.omnijourney.notification.adapter.kafka.KafkaErasureAcknowledgements;
import io.omnijourney.notification.adapter.kafka.KafkaTouchpointPublisher;
import io.omnijourney.notification.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.notification.adapter.mongo.MongoLedger;
import io.omnijourney.notification.adapter.mongo.MongoProfileStates;
import io.omnijourney.notification.adapter.mongo.MongoSmallStores;
import io.omnijourney.notification.adapter.mongo.MongoTemplateStore;
import io.omnijourney.notification.app.CachingTemplateStore;
import io.omnijourney.notification.app.DailyCapPurge;
import io.omnijourney.notification.app.DailyCaps;
import io.omnijourney.notification.app.DeliveryLog;
import io.omnijourney.notification.app.DeliveryService;
import io.omnijourney.notification.app.Engagements;
import io.omnijourney.notification.app.ErasureService;
import io.omnijourney.notification.app.Inbox;
import io.omnijourney.notification.app.InboxStore;
import io.omnijourney.notification.app.InboxWatch;
import io.omnijourney.notification.app.Ledger;
import io.omnijourney.notification.app.LinkStore;
import io.omnijourney.notification.app.ErasureAcknowledgements;
import io.omnijourney.notification.app.ProfileEventIntake;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.app.RequestIntake;
import io.omnijourney.notification.app.TemplateRenderer;
import io.omnijourney.notification.app.TemplateStore;
import io.omnijourney.notification.app.SurveyAnswerStore;
import io.omnijourney.notification.app.Surveys;
import io.omnijourney.notification.app.Templates;
import io.omnijourney.notification.app.TouchpointPublisher;
import io.omnijourney.notification.domain.RetryPolicy;
import io.quarkus.mailer.MailerName;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The service's object graph in one place: each port with the adapter that serves it (MongoDB stores, the channel
 * senders, the Kafka publisher), and the application services built on them. Resources and the Kafka consumers get
 * the application services injected.
 */
public class Wiring {

    @Produces
    @ApplicationScoped
    MongoDatabase database(MongoClient client, NotificationConfig config) {
        return client.getDatabase(config.database());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    // Ports served by MongoDB.

    @Produces
    @Singleton
    LocalServerWorkarounds localServerWorkarounds(NotificationConfig config) {
        return new LocalServerWorkarounds(config.mongo().localServerWorkarounds());
    }

    @Produces
    @ApplicationScoped
    TemplateStore templateStore(MongoDatabase database, NotificationConfig config) {
        return new CachingTemplateStore(new MongoTemplateStore(database), config.delivery().templateCacheTtl());
    }

    @Produces
    @ApplicationScoped
    Ledger ledger(MongoDatabase database, LocalServerWorkarounds workarounds) {
        return new MongoLedger(database, workarounds);
    }

    @Produces
    @ApplicationScoped
    ProfileStates profileStates(MongoDatabase database, LocalServerWorkarounds workarounds) {
        return new MongoProfileStates(database, workarounds);
    }

    @Produces
    @ApplicationScoped
    DailyCaps dailyCaps(MongoDatabase database) {
        return new MongoSmallStores.Caps(database);
    }

    @Produces
    @ApplicationScoped
    DailyCapPurge dailyCapPurge(DailyCaps caps, Clock clock, NotificationConfig config) {
        return new DailyCapPurge(caps, clock, config.delivery().capPurgeBatch());
    }

    @Produces
    @ApplicationScoped
    InboxStore inboxStore(MongoDatabase database) {
        return new MongoSmallStores.Inbox(database);
    }

    @Produces
    @Singleton
    InboxWatch inboxWatch(InboxStore store, Clock clock, NotificationConfig config) {
        return new InboxWatch(store, clock, config.inbox().maxStreams(), config.inbox().maxStreamsPerProfile(),
                config.inbox().streamLookBack());
    }

    @Produces
    @ApplicationScoped
    LinkStore linkStore(MongoDatabase database) {
        return new MongoSmallStores.Links(database);
    }

    // The channel senders.

    @Produces
    @Singleton
    ProviderHttp providerHttp(Vertx vertx, NotificationConfig config) {
        return new ProviderHttp(vertx, eventLoop(vertx), config.requests().concurrency());
    }

    void closeProviderHttp(@Disposes ProviderHttp http) {
        http.close();
    }

    @Produces
    @Singleton
    SmtpEmailSender emailSender(ReactiveMailer mailer, @MailerName(SmtpEmailSender.SECONDARY) ReactiveMailer secondary,
            NotificationConfig config, Vertx vertx) {
        List<ReactiveMailer> mailers = config.email().secondaryEnabled() ? List.of(mailer, secondary)
                : List.of(mailer);
        return new SmtpEmailSender(mailers, config, eventLoop(vertx));
    }

    /**
     * A new event-loop context for a sender's calls. Not {@code getOrCreateContext()}: on a Vert.x worker thread (a
     * bean may be created on one) it hands back that worker's context, and a send started on it from the same worker
     * waits for itself until its timeout.
     */
    private static io.vertx.core.Context eventLoop(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    @Produces
    @Singleton
    TwilioSmsSender smsSender(ProviderHttp http, NotificationConfig config) {
        return new TwilioSmsSender(http, config);
    }

    @Produces
    @Singleton
    TwilioWhatsAppSender whatsAppSender(ProviderHttp http, NotificationConfig config) {
        return new TwilioWhatsAppSender(http, config);
    }

    @Produces
    @Singleton
    FcmPushSender pushSender(ProviderHttp http, NotificationConfig config) {
        return new FcmPushSender(http, config);
    }

    @Produces
    @Singleton
    WebhookSender webhookSender(ProviderHttp http, NotificationConfig config, Clock clock) {
        return new WebhookSender(http, config, clock);
    }

    @Produces
    @Singleton
    InboxSender inboxSender(InboxStore inbox, Clock clock) {
        return new InboxSender(inbox, clock);
    }

    // Kafka.

    @Produces
    @ApplicationScoped
    TouchpointPublisher touchpointPublisher(RecordPublisher publisher) {
        return new KafkaTouchpointPublisher(publisher);
    }

    @Produces
    @ApplicationScoped
    ErasureAcknowledgements erasureAcknowledgements(RecordPublisher publisher) {
        return new KafkaErasureAcknowledgements(publisher);
    }

    // Application services.

    @Produces
    @Singleton
    TemplateRenderer renderer(NotificationConfig config, MeterRegistry registry) {
        NotificationConfig.Rendering r = config.rendering();
        return new TemplateRenderer(new TemplateRenderer.Limits(r.maxLoopIterations(), r.maxIterations(),
                r.maxOutputChars(), r.maxRenderTime()),
                refused -> registry.counter("omnijourney.notification.render.refused", "limit", refused.limit())
                        .increment());
    }

    @Produces
    @ApplicationScoped
    ErasureService erasureService(ProfileStates profiles, Ledger ledger, InboxStore inbox, LinkStore links,
            DailyCaps caps, SurveyAnswerStore surveyAnswers) {
        return new ErasureService(profiles, ledger, inbox, links, caps, surveyAnswers);
    }

    @Produces
    @ApplicationScoped
    SurveyAnswerStore surveyAnswerStore(MongoDatabase database) {
        return new MongoSmallStores.SurveyAnswers(database);
    }

    @Produces
    @ApplicationScoped
    Surveys surveys(SurveyAnswerStore answers, Ledger ledger, LinkStore links, ProfileStates profiles,
            TouchpointPublisher touchpoints, TemplateStore templates, NotificationConfig config, Clock clock) {
        return new Surveys(answers, ledger, links, profiles, touchpoints, config.tracking().secret(), templates,
                config.tracking().surveyLinkTtl(), clock);
    }

    @Produces
    @ApplicationScoped
    DeliveryService deliveryService(TemplateStore templates, TemplateRenderer renderer, Ledger ledger,
            ProfileStates profiles, DailyCaps caps, LinkStore links, SmtpEmailSender email, TwilioSmsSender sms,
            TwilioWhatsAppSender whatsApp, FcmPushSender push, WebhookSender webhook, InboxSender inbox, NotificationConfig config, Clock clock,
            MeterRegistry registry) {
        NotificationConfig.Delivery d = config.delivery();
        DeliveryService service = new DeliveryService(templates, renderer, ledger, profiles, caps, links,
                List.of(email, sms, whatsApp, push, webhook, inbox),
                new RetryPolicy(d.maxAttempts(), d.initialBackoff(), d.maxBackoff(), d.maxRetryAfter()),
                new DeliveryService.Settings(d.dailyCap(), d.lease(), config.tracking().publicBaseUrl(),
                        config.tracking().secret(), config.email().trackClicks(), config.email().unsubscribeMailto(),
                        d.profileWait(), config.tracking().surveyLinkTtl(), config.tracking().openPixel()),
                clock, duration -> Thread.sleep(duration.toMillis()));
        io.micrometer.core.instrument.FunctionCounter.builder("omnijourney.notification.profile.waits.expired",
                service, DeliveryService::profileWaitsExpired)
                .description("requests whose wait for the profile copy to catch up ran out (sent with an older "
                        + "copy, or failed without one)").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("omnijourney.notification.transactional.unmarked",
                service, DeliveryService::unmarkedTransactional)
                .description("requests claiming transactional with a template no admin marked transactional, "
                        + "handled as marketing").register(registry);
        return service;
    }

    @Produces
    @ApplicationScoped
    RequestIntake requestIntake(DeliveryService delivery, ProfileStates profiles, MeterRegistry registry,
            NotificationConfig config) {
        return new RequestIntake(delivery, profiles, registry, config.requests().concurrency());
    }

    void closeRequestIntake(@Disposes RequestIntake intake) {
        intake.close();
    }

    @Produces
    @ApplicationScoped
    ProfileEventIntake profileEventIntake(ProfileStates profiles, Ledger ledger, Surveys surveys,
            ErasureService erasure, ErasureAcknowledgements acknowledgements, Clock clock) {
        return new ProfileEventIntake(profiles, ledger, surveys, erasure, acknowledgements, clock);
    }

    @Produces
    @ApplicationScoped
    Templates templates(TemplateStore store, TemplateRenderer renderer, ProfileStates profiles, Clock clock,
            NotificationConfig config) {
        return new Templates(store, renderer, profiles, clock, config.limits().maxTemplates());
    }

    @Produces
    @ApplicationScoped
    Inbox inbox(InboxStore store, Clock clock) {
        return new Inbox(store, clock);
    }

    @Produces
    @ApplicationScoped
    DeliveryLog deliveryLog(Ledger ledger) {
        return new DeliveryLog(ledger);
    }

    @Produces
    @ApplicationScoped
    Engagements engagements(LinkStore links, Ledger ledger, ProfileStates profiles, TouchpointPublisher touchpoints,
            NotificationConfig config, Clock clock) {
        return new Engagements(links, ledger, profiles, touchpoints, config.tracking().secret(),
                config.tracking().clickWindow(), clock);
    }
}
