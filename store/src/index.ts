// Public surface of @lotse/store: the data-and-domain core both services stand on. No HTTP, no
// Matrix: the schema, the connection, the outbox with its typed job catalogue, and the domain
// operations (open a case, case actions, groups, whispers, absence, erasure, platform admins).
export { createDb, runMigrations, seedTopics, migrationsFolder, schema, topicSeeds, type TopicSeed } from "./db.ts";
export * from "./topicNames.ts";
export type { CreateDbOptions, DbHandle, LotseDb, LotseSql, LotseTx } from "./db.ts";
export * from "./schema/index.ts";

// The outbox
export { enqueue, type EnqueueOptions } from "./outbox/enqueue.ts";
export { isJobKind, jobCatalogue, jobKinds, parseJob, type JobKind, type JobPayload, type ParsedJob } from "./outbox/jobCatalogue.ts";

// Domain operations
export * from "./domain/audit.ts";
export * from "./domain/botLanguage.ts";
export * from "./domain/caseActions.ts";
export * from "./domain/cases.ts";
export * from "./domain/erasure.ts";
export * from "./domain/groups.ts";
export * from "./domain/forums.ts";
export * from "./domain/loginThrottle.ts";
export * from "./domain/moderation.ts";
export * from "./domain/platformAdmins.ts";
export * from "./domain/quarantine.ts";
export * from "./domain/pseudonymChange.ts";
export * from "./domain/consultation.ts";
export * from "./domain/statistics.ts";
export * from "./domain/liveChat.ts";
export * from "./domain/localHelp.ts";
