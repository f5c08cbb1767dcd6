// finishedGroupsBefore: what the retention clean-up may purge of group chats (real PostgreSQL).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { finishedGroupsBefore } from "@lotse/store";
import { openDb, stack } from "./helpers.ts";

let db: DbHandle;
const hex = () => randomBytes(5).toString("hex");

beforeAll(() => {
  db = openDb(stack());
});
afterAll(async () => {
  await db?.close();
});

async function group(fields: { startsAt: string; repeatWeekly: boolean; deletedAt?: string }, counselorId: string) {
  const [g] = await db.sql<{ id: string }[]>`
    insert into groups (title, topic_id, starts_at, duration_minutes, repeat_weekly, max_participants, room_id, created_by, deleted_at)
    values (${`Retention ${hex()}`}, 'sucht', ${fields.startsAt}::timestamptz, 60, ${fields.repeatWeekly}, 5, ${`!g_${hex()}:localhost`}, ${counselorId}, ${fields.deletedAt ?? null}::timestamptz)
    returning id`;
  return g!.id;
}

describe("finishedGroupsBefore", () => {
  it("lists one-off groups that are over and deleted groups with all their rooms, and old ended whispers of running groups", async () => {
    const [c] = await db.sql<{ id: string }[]>`insert into counselors (matrix_user_id, display_name) values (${`@ret_${hex()}:localhost`}, 'R') returning id`;
    const [s] = await db.sql<{ id: string }[]>`
      insert into seekers (username, username_key, password_hash, matrix_localpart) values (${`R${hex()}`}, ${`r${hex()}`}, 'x', ${`lotse_${hex()}`}) returning id`;
    const over = await group({ startsAt: "2026-01-01T10:00:00Z", repeatWeekly: false }, c!.id);
    const future = await group({ startsAt: "2026-03-01T10:00:00Z", repeatWeekly: false }, c!.id);
    const weekly = await group({ startsAt: "2025-01-01T10:00:00Z", repeatWeekly: true }, c!.id);
    const deleted = await group({ startsAt: "2025-01-01T10:00:00Z", repeatWeekly: true, deletedAt: "2026-01-15T00:00:00Z" }, c!.id);
    const whisperRoom = `!w_${hex()}:localhost`;
    await db.sql`insert into whisper_rooms (group_id, seeker_id, moderator_id, started_by, room_id, ended_at, ended_by)
      values (${over}, ${s!.id}, ${c!.id}, 'seeker', ${whisperRoom}, '2026-01-01T10:30:00Z', 'seeker')`;
    const oldWhisper = `!w_${hex()}:localhost`;
    await db.sql`insert into whisper_rooms (group_id, seeker_id, moderator_id, started_by, room_id, ended_at, ended_by)
      values (${weekly}, ${s!.id}, ${c!.id}, 'seeker', ${oldWhisper}, '2026-01-10T10:30:00Z', 'session_ended')`;
    const openWhisper = `!w_${hex()}:localhost`;
    await db.sql`insert into whisper_rooms (group_id, seeker_id, moderator_id, started_by, room_id)
      values (${weekly}, ${s!.id}, ${c!.id}, 'moderator', ${openWhisper})`;

    const r = await finishedGroupsBefore(db.db, new Date("2026-02-01T00:00:00Z"));
    const mine = r.groups.filter((g) => [over, future, weekly, deleted].includes(g.groupId));
    expect(mine.map((g) => [g.groupId, g.reason]).sort()).toEqual([[over, "one_off_over"], [deleted, "deleted"]].sort());
    expect(mine.find((g) => g.groupId === over)!.roomIds).toContain(whisperRoom);
    expect(r.whispers.map((w) => w.roomId)).toContain(oldWhisper);
    expect(r.whispers.map((w) => w.roomId)).not.toContain(openWhisper);
    expect(r.whispers.map((w) => w.roomId)).not.toContain(whisperRoom); // it goes with its group

    await db.sql`update groups set deleted_at = now() where id in (${over}, ${future}, ${weekly})`;
  });
});
