// How long Lotse keeps what. The clean-up (provisioning-api `npm run cleanup`) and the account
// deletion take their periods from here; the operator may override them (see README, config).
//   unusedRegistrationDays  a registration that never opened a case is removed after this
//   inactiveSeekerDays      a seeker who has not signed in (or refreshed a session) for this long
//                           is removed (account deleted as if by the seeker)
//   closedCaseDays          a closed case (and its room's history on the homeserver) is removed
//                           this long after it was closed
//   pseudonymQuarantineDays a deleted account's pseudonym cannot be registered again for this long
//   finishedGroupDays       groups that are over (one-off ended or deleted) and ended whisper rooms
//   bookkeepingDays         the bridge's bookkeeping: events it has acted on (processed_events) and
//                           room jobs that are done or failed; long after Synapse stopped re-sending
//                           such events and after every idempotency key's intent was settled
//   forumReportDays         a seeker's report of a forum post (which post, which reason, who): kept
//                           only as long as it stops the same report twice and counts toward the
//                           hourly limit, and the moderators may ask back

export type RetentionPolicy = {
  unusedRegistrationDays: number;
  inactiveSeekerDays: number;
  closedCaseDays: number;
  pseudonymQuarantineDays: number;
  finishedGroupDays: number;
  bookkeepingDays: number;
  forumReportDays: number;
};

export const defaultRetentionPolicy: RetentionPolicy = {
  unusedRegistrationDays: 30,
  inactiveSeekerDays: 365,
  closedCaseDays: 180,
  pseudonymQuarantineDays: 90,
  finishedGroupDays: 90,
  bookkeepingDays: 30,
  forumReportDays: 30,
};

const DAY_MS = 86_400_000;

export type RetentionCutoffs = {
  /** Registrations created before this without any case go. */
  unusedRegistrationBefore: Date;
  /** Seekers whose last activity is before this go. */
  inactiveSeekerBefore: Date;
  /** Cases closed before this go. */
  closedCaseBefore: Date;
  /** Finished group sessions ended before this go. */
  finishedGroupBefore: Date;
  /** processed_events rows and settled room jobs last touched before this go. */
  bookkeepingBefore: Date;
  /** Forum reports made before this go. */
  forumReportBefore: Date;
};

/** The instants the clean-up compares against, for the clock reading `now`. */
export function retentionCutoffs(now: Date, policy: RetentionPolicy = defaultRetentionPolicy): RetentionCutoffs {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    unusedRegistrationBefore: before(policy.unusedRegistrationDays),
    inactiveSeekerBefore: before(policy.inactiveSeekerDays),
    closedCaseBefore: before(policy.closedCaseDays),
    finishedGroupBefore: before(policy.finishedGroupDays),
    bookkeepingBefore: before(policy.bookkeepingDays),
    forumReportBefore: before(policy.forumReportDays),
  };
}

/** Until when a deleted account's pseudonym stays blocked. */
export function quarantineUntil(deletedAt: Date, policy: Pick<RetentionPolicy, "pseudonymQuarantineDays"> = defaultRetentionPolicy): Date {
  return new Date(deletedAt.getTime() + policy.pseudonymQuarantineDays * DAY_MS);
}

/** Why a seeker's account was erased (recorded on the closed cases' events; no personal data). */
export type ErasureReason = "request" | "inactive" | "unused_registration";
