// The bridge's second line for seekers' names (issue 17), as a pure decision: a seeker's join in a
// platform room is set back when it shows another name than the database's pseudonym or an avatar.
import { describe, expect, it } from "vitest";
import { guardActionFor, nameNeedsRestore } from "../src/guard/SeekerGuard.ts";

describe("nameNeedsRestore", () => {
  it("accepts the pseudonym without avatar", () => {
    expect(nameNeedsRestore({ membership: "join", displayname: "Wolke" }, "Wolke")).toBe(false);
    expect(nameNeedsRestore({ membership: "join", displayname: "Wolke", avatar_url: "" }, "Wolke")).toBe(false);
  });

  it("restores another name, a missing name or an avatar", () => {
    expect(nameNeedsRestore({ membership: "join", displayname: "Beraterin Anna" }, "Wolke")).toBe(true);
    expect(nameNeedsRestore({ membership: "join" }, "Wolke")).toBe(true);
    expect(nameNeedsRestore({ membership: "join", displayname: "Wolke", avatar_url: "mxc://x/y" }, "Wolke")).toBe(true);
  });

  it("leaves users the database does not know as seekers alone", () => {
    expect(nameNeedsRestore({ membership: "join", displayname: "Admin" }, undefined)).toBe(false);
  });

  it("a seeker's own join reaches the name check (the room check comes first)", () => {
    const bot = "@lotse:example.org";
    const action = guardActionFor(
      { event_id: "$e", room_id: "!r", sender: "@lotse_abc:example.org", type: "m.room.member", state_key: "@lotse_abc:example.org", content: { membership: "join", displayname: "Admin" } },
      "lotse_",
      bot,
    );
    expect(action).toEqual({ kind: "refuse_membership", seeker: "@lotse_abc:example.org", membership: "join" });
  });
});
