// The policy walk's shares (moderation.apply_policy): consecutive shares of the sorted room list
// cover every room exactly once, in order, whatever the share size, and a walk resumed after an id
// that is no longer in the list (a room left meanwhile) goes on with the next greater one.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { walkShare } from "../src/moderation/moderationJobs.ts";

const roomIds = (n: number) => Array.from({ length: n }, () => `!${randomBytes(9).toString("base64url")}:example.org`).sort();

function walk(sorted: string[], size: number): string[][] {
  const shares: string[][] = [];
  let after: string | undefined;
  for (;;) {
    const { share, left } = walkShare(sorted, after, size);
    shares.push(share);
    if (left === 0 || share.length === 0) return shares;
    after = share.at(-1);
  }
}

describe("walkShare", () => {
  it("covers every room once, in order, in shares of the given size", () => {
    for (const [n, size] of [[0, 3], [1, 1], [7, 3], [9, 3], [1000, 200], [1001, 200], [5, 10]] as const) {
      const rooms = roomIds(n);
      const shares = walk(rooms, size);
      expect(shares.flat()).toEqual(rooms);
      expect(shares.slice(0, -1).every((s) => s.length === size)).toBe(true);
      expect(shares.at(-1)!.length).toBe(n === 0 ? 0 : n % size || Math.min(size, n));
    }
  });

  it("counts the rooms left after a share", () => {
    const rooms = roomIds(10);
    expect(walkShare(rooms, undefined, 4).left).toBe(6);
    expect(walkShare(rooms, rooms[3], 4).left).toBe(2);
    expect(walkShare(rooms, rooms[7], 4)).toEqual({ share: rooms.slice(8), left: 0 });
    expect(walkShare(rooms, rooms[9], 4)).toEqual({ share: [], left: 0 });
  });

  it("resumes after an id that is gone from the list with the next greater one", () => {
    const rooms = roomIds(50);
    const gone = rooms[20]!;
    const now = rooms.filter((id) => id !== gone);
    expect(walkShare(now, gone, 5).share).toEqual(rooms.slice(21, 26));
    // Before the first and after the last id.
    expect(walkShare(now, "!", 3).share).toEqual(now.slice(0, 3));
    expect(walkShare(now, "~", 3)).toEqual({ share: [], left: 0 });
  });
});
