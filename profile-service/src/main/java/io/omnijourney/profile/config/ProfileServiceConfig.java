package io.omnijourney.profile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "omnijourney.profile")
public interface ProfileServiceConfig {

    /** The MongoDB database this service owns. */
    @WithDefault("profile")
    String database();

    Consumer consumer();

    Topics topics();

    interface Consumer {
        /** Off in tests that only exercise REST; on everywhere else. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("profile-service")
        String groupId();

        @WithDefault("500")
        int maxPollRecords();

        /** Pause after a failure that is not the record's fault (MongoDB or the broker away) before retrying it. */
        @WithDefault("1s")
        Duration retryBackoff();
    }

    interface Topics {
        /** Partitions of the topics this service creates when they are missing. */
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }
}
