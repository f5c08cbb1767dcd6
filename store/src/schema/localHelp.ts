// Local help (issue 15, "on to local help"): an agency a counselor recommends to the seeker of a
// case. The agency by id and a short note — never message content; the row dies with its case
// (cascade: retention clean-up, live chat end) and with the seeker's erasure (domain/erasure.ts).
import { index, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { agencies, counselors } from "./catalogue.ts";
import { cases } from "./cases.ts";

/** The longest note a recommendation may carry (characters). */
export const RECOMMENDATION_NOTE_MAX = 280;

export const caseRecommendations = pgTable(
  "case_recommendations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    /** Who recommended (a counselor of the case's agency); null once that person is gone. */
    counselorId: uuid("counselor_id").references(() => counselors.id, { onDelete: "set null" }),
    note: varchar("note", { length: RECOMMENDATION_NOTE_MAX }).notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_recommendations_case_idx").on(t.caseId)],
);
