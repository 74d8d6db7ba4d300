package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory stand-in for the application layer and its stores, following the protocol of {@code package-info}:
 * lets tests read as scenarios (events in, profiles out) and checks that the domain API composes.
 */
final class ProfileWorld {

    final ProfileConfig config;
    final Map<String, Profile> profiles = new HashMap<>();
    final Map<String, String> index = new HashMap<>();
    Resolution lastResolution;

    ProfileWorld(ProfileConfig config) {
        this.config = config;
    }

    ProfileWorld() {
        this(ProfileConfig.defaults());
    }

    ProfileWorld process(TestEvents... events) {
        for (TestEvents event : events) {
            process(event.build());
        }
        return this;
    }

    Resolution process(TouchpointEvent event) {
        ExtractedIdentity identity = Identifiers.extract(event, config.identity());
        EventStamp source = identity.source();
        Map<String, Profile> owners = new LinkedHashMap<>();
        for (Identifier identifier : identity.lookupIdentifiers()) {
            Optional.ofNullable(index.get(identifier.key()))
                    .map(id -> live(id, source))
                    .ifPresent(p -> owners.putIfAbsent(p.id(), p));
        }
        Resolution resolution = IdentityResolution.decide(List.copyOf(owners.values()), identity, config.identity());
        lastResolution = resolution;
        if (resolution instanceof Resolution.CreateNew) {
            Profile created = Profile.create(ProfileIds.forNewProfile(event.messageId()), event.receivedAt())
                    .apply(event, resolution, config);
            save(null, created);
        } else if (resolution instanceof Resolution.AttachTo attach) {
            Profile before = profiles.get(attach.profileId());
            save(before, before.apply(event, resolution, config));
        } else if (resolution instanceof Resolution.Merge merge) {
            Profile before = profiles.get(merge.survivorId());
            List<Profile> losers = new ArrayList<>();
            for (String loserId : merge.loserIds()) {
                Profile marked = profiles.get(loserId).markMergedInto(merge.survivorId());
                profiles.put(loserId, marked);
                losers.add(marked);
            }
            Profile survivor = before;
            for (Profile loser : losers) {
                survivor = survivor.mergeFrom(loser, event.messageId(), event.timestamp(), merge.linking(), config);
            }
            survivor = survivor.apply(event, resolution, config);
            profiles.put(survivor.id(), survivor);
            updateIndex(survivor.id(), IdentifierChanges.afterMerge(before, losers, survivor), ids(before, losers));
        }
        return resolution;
    }

    /** Follows redirects, completing an absorption a crash may have left undone. */
    Profile live(String id, EventStamp source) {
        List<Profile> chain = new ArrayList<>();
        Profile current = profiles.get(id);
        while (current.isMerged()) {
            chain.add(current);
            current = profiles.get(current.mergedInto());
        }
        for (Profile redirect : chain) {
            if (!current.hasAbsorbed(redirect.id())) {
                current = current.mergeFrom(redirect, source.messageId(), source.at(), List.of(), config);
                profiles.put(current.id(), current);
            }
        }
        return current;
    }

    Profile ownerOf(Identifier identifier) {
        String id = Objects.requireNonNull(index.get(identifier.key()), "nobody owns " + identifier);
        return live(id, new EventStamp(TestEvents.T0, "lookup"));
    }

    Profile ownerOf(String type, String value) {
        return ownerOf(Identifier.of(type, value));
    }

    List<Profile> liveProfiles() {
        return profiles.values().stream().filter(p -> !p.isMerged()).toList();
    }

    private void save(Profile before, Profile after) {
        profiles.put(after.id(), after);
        updateIndex(after.id(), IdentifierChanges.between(before, after), List.of(after.id()));
    }

    private void updateIndex(String ownerId, IdentifierChanges changes, Collection<String> previousOwners) {
        changes.claimed().forEach(i -> index.put(i.key(), ownerId));
        changes.released().forEach(i -> {
            if (previousOwners.contains(index.get(i.key()))) {
                index.remove(i.key());
            }
        });
    }

    private static List<String> ids(Profile survivor, List<Profile> losers) {
        List<String> ids = new ArrayList<>(List.of(survivor.id()));
        losers.forEach(l -> ids.add(l.id()));
        return ids;
    }
}
