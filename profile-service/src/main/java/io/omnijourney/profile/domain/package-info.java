/**
 * The profile domain: identity resolution and the {@link io.omnijourney.profile.domain.Profile} aggregate. Pure
 * functions over immutable values; no framework, broker or database types.
 *
 * <h2>Processing one event</h2>
 * <ol>
 * <li>{@link io.omnijourney.profile.domain.Identifiers#extract} the identity; look up
 *     {@code lookupIdentifiers()} in the identity index; load the owners and follow {@code mergedInto} redirects to
 *     live profiles.
 * <li>{@link io.omnijourney.profile.domain.IdentityResolution#decide} what to do.
 * <li>CreateNew: {@code Profile.create(ProfileIds.forNewProfile(messageId), event.receivedAt())}, then
 *     {@code apply}. AttachTo: {@code apply} to that profile. Merge: for each loser {@code markMergedInto} and store
 *     it; then {@code survivor.mergeFrom(loser, ...)} for each, {@code apply}, and store the survivor once.
 * <li>Update the index with {@link io.omnijourney.profile.domain.IdentifierChanges}.
 * </ol>
 *
 * <h2>What the caller must guarantee</h2>
 * <ul>
 * <li><b>Conditional writes.</b> Every profile write, the redirect marks included, succeeds only if the stored
 *     {@code version} still equals {@code profile.version()}, and stores {@code version + 1}. On a failed condition,
 *     drop the computed state, reload and start again from step 1: every operation here is a pure function, so
 *     redoing is safe.
 * <li><b>Mark before absorb.</b> A loser is stored as a redirect before the survivor absorbs it, so the state
 *     absorbed can no longer change. {@code mergeFrom} refuses an unmarked loser and is a no-op for one already
 *     absorbed; a reader who follows a redirect to a survivor that has not {@code hasAbsorbed} the loser (a crash
 *     between the two writes) completes the merge first. If that completion throws
 *     {@link io.omnijourney.profile.domain.IdentityConflictException} (the survivor gained another userId in between),
 *     {@code reopen} the loser, store it conditionally, and decide again.
 * <li><b>Unique index entries.</b> Claim an identifier with an insert that fails if the key exists; a failure means
 *     another profile took it meanwhile: start again. Release only entries that still point to the profile (or loser)
 *     that held them.
 * <li><b>Each messageId reaches a profile once.</b> Identifiers, traits, consent, scores, last-order and
 *     last-activity times, first/last seen and refusals are idempotent: applying an event twice leaves them as once.
 *     Counts are not: event counters, channel counts, order and refund counts and lifetime revenue would count twice.
 *     The dedup record of a messageId must therefore be written atomically with the profile write that applied it.
 * </ul>
 *
 * <h2>Why replays converge</h2>
 * Last-write-wins ordered by {@link io.omnijourney.profile.domain.EventStamp} (event time, then messageId) is
 * commutative and idempotent; survivors are chosen by a total order ({@code createdAt}, then id), so concurrent
 * deciders agree and redirects never cycle; merges of the same profiles in either order produce equal survivors, as
 * long as the identifier, trait and counter limits are not reached (which of two contenders a limit refuses depends
 * on the order).
 */
package io.omnijourney.profile.domain;
