// Wire types of the provisioning API, as the seeker app sees them.

/**
 * A topic's name: German and English always; Leichte Sprache, Turkish, Arabic and Ukrainian when
 * the platform has one (older APIs: absent).
 */
export type LocalizedName = { de: string; en: string; "de-leicht"?: string; tr?: string; ar?: string; uk?: string };

export type Topic = { id: string; name: LocalizedName };

export type Agency = {
  id: string;
  name: string;
  city: string;
  /** ISO 639-1 codes of the languages the agency counsels in (newer APIs). */
  languages?: string[];
  /** Offered because no agency near the postcode counsels on the topic (the topic's fallback). */
  whiteSpot?: boolean;
};

export type RegisterSeekerRequest = {
  username: string;
  password: string;
  email?: string;
  topic: string;
  postcode: string;
};
/**
 * What registration, sign-in and refresh hand out: a short-lived access token and a single-use
 * refresh token (optional: older APIs sent the access token only).
 */
export type SessionTokens = { token: string; expiresIn?: number; refreshToken?: string; refreshExpiresIn?: number };

export type RegisterSeekerResponse = { seekerId: string } & SessionTokens;

export type LoginRequest = { username: string; password: string };
export type LoginResponse = SessionTokens;

/** Mirrors `CaseStatus` of @lotse/policies; unknown future values are passed through. */
export type CaseStatusValue = "new" | "in_progress" | "closed" | "archived" | (string & {});

export type CreateCaseRequest = { topic: string; agencyId: string };
export type CreateCaseResponse = { caseId: string; roomId: string | null; status: CaseStatusValue };

export type CaseSummary = {
  caseId: string;
  roomId: string | null;
  status: CaseStatusValue;
  agency: Agency;
  topic: Topic;
  /** Added by the case-lifecycle work; optional until every API has it. */
  caseNumber?: number | string;
  /** The counselor's absence message, when there is one. */
  absenceMessage?: string | null;
  /** A counselor has written in the conversation (optional until every API has it). */
  answered?: boolean;
};

export type MatrixSessionResponse = {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  deviceId: string;
  /** Calls relay media through the platform's TURN server only (policy; older APIs: absent → on). */
  relayOnly?: boolean;
};

/** A group session's state: "before" the start (read-only for seekers) or "open" (running). */
export type GroupPhase = "before" | "open" | (string & {});

/** An upcoming or running group (GET /v1/groups); never says who takes part. */
export type GroupSummary = {
  groupId: string;
  ref?: string;
  title: string;
  topic: Topic;
  agencyId: string | null;
  description: string;
  rules: string;
  phase: GroupPhase;
  /** ISO date-time of the running or next session. */
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  repeatWeekly: boolean;
  maxParticipants: number;
  seatsLeft: number;
  encrypted: boolean;
};

export type GroupConversationResponse = { roomId: string };

/** A free consultation-hour slot of an agency (GET /v1/agencies/:id/slots); book it by `key`. */
export type Slot = {
  key: string;
  startsAt: string;
  endsAt: string;
  /** IANA time zone the platform's consultation hours are kept in (newer APIs). */
  timeZone?: string;
};

/** Where an appointment stands now (GET /v1/bookings). */
export type AppointmentPhase = "upcoming" | "due_soon" | "running" | "over" | (string & {});

/** A seeker's booked chat appointment. */
export type Booking = {
  bookingId: string;
  agencyId: string;
  caseId: string;
  startsAt: string;
  endsAt: string;
  phase: AppointmentPhase;
  /** The counselor has come into the conversation for this appointment. */
  counselorThere: boolean;
  /** booked | cancelled | held | no_show_… */
  status: string;
  remindByEmail: boolean;
  timeZone?: string;
};

export type BookRequest = { agencyId: string; topic: string; key: string; remindByEmail?: boolean };

/** GET /v1/live: whether anyone is on live duty, and for which topics. */
export type LiveOffer = { available: boolean; topics: Topic[] };
export type LiveStartRequest = { topic: string; postcode?: string; pseudonym?: string };
export type LiveStartResponse = { seekerId: string; pseudonym: string; caseNumber: number } & SessionTokens;
/** The live chat's waiting-time estimate: a range of minutes, or that nobody can say yet. */
export type LiveEstimate = { kind: "minutes"; low: number; high: number } | { kind: "unknown" };
export type LiveState = {
  caseId: string;
  caseNumber: number;
  roomId: string | null;
  status: "waiting" | "active" | "ended";
  position: number | null;
  estimate: LiveEstimate;
  counselor: string | null;
  topic: Topic;
  agency: { id: string; name: string; city: string };
};

/** One agency for a deep link (`?agency=…`): GET /v1/agencies/:id. */
export type AgencyEntry = Agency & { topics: string[]; online: boolean };

/** What a visit needs to know of an agency ("Beratung vor Ort"). */
export type AgencyVisit = {
  id: string;
  name: string;
  city: string;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  openingHours: string | null;
  website: string | null;
  accessibilityNotes: string | null;
  onSiteServices: string[];
  /** False: on site only, no online enquiries. */
  online: boolean;
};

/** GET /v1/cases/:caseId/local-help. */
export type LocalHelp = {
  agency: AgencyVisit | null;
  nearby: AgencyVisit[];
  recommendations: { id: string; note: string; createdAt: string; agency: AgencyVisit }[];
};
