// The system of record: every table Lotse keeps in PostgreSQL, split by area. Both services use
// this schema; its migrations are in store/drizzle (drizzle-kit generate from this folder).
export * from "./catalogue.ts";
export * from "./seekers.ts";
export * from "./cases.ts";
export * from "./groups.ts";
export * from "./bridge.ts";
export * from "./retention.ts";
export * from "./consultation.ts";
export * from "./live.ts";
export * from "./localHelp.ts";
export * from "./forums.ts";
