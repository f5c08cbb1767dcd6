import { caseRoomCreateBody } from "@lotse/policies";
import { describe, expect, it } from "vitest";
import { appserviceRegistration } from "../src/BridgeApp.ts";
import { loadConfig } from "../src/config.ts";
import { safeSdkArg } from "../src/logging.ts";

const config = loadConfig({
  LOTSE_DATABASE_URL: "postgres://lotse@127.0.0.1/lotse",
  LOTSE_HOMESERVER_URL: "http://127.0.0.1:8008",
  LOTSE_SERVER_NAME: "lotse.example",
  LOTSE_AS_TOKEN: "as-token-aaaaaaaaaaaaaaaa",
  LOTSE_HS_TOKEN: "hs-token-bbbbbbbbbbbbbbbb",
});

describe("appserviceRegistration", () => {
  it("claims the user and alias namespaces exclusively, escaped for the server name", () => {
    const r = appserviceRegistration(config);
    expect(r.sender_localpart).toBe("lotse");
    expect(r.url).toBe("http://127.0.0.1:9000");
    expect(r.namespaces.users).toEqual([{ exclusive: true, regex: "@lotse_.*:lotse\\.example" }]);
    expect(r.namespaces.aliases).toEqual([{ exclusive: true, regex: "#lotse_.*:lotse\\.example" }]);
    expect(new RegExp(r.namespaces.users[0]!.regex).test("@lotse_abc:lotse.example")).toBe(true);
    expect(new RegExp(r.namespaces.users[0]!.regex).test("@lotse_abc:lotseXexample")).toBe(false);
  });
});

describe("safeSdkArg", () => {
  it("reduces objects to codes so bodies and events never reach the log", () => {
    expect(safeSdkArg({ errcode: "M_FORBIDDEN", error: "x", content: { body: "hello" } })).toBe("M_FORBIDDEN");
    expect(safeSdkArg({ statusCode: 502, body: "<html>" })).toBe("HTTP 502");
    expect(safeSdkArg({ type: "m.room.message", content: { body: "private" } })).toBe("[object]");
    expect(safeSdkArg(Object.assign(new Error("private"), { code: "ECONNRESET" }))).toBe("Error ECONNRESET");
    expect(safeSdkArg("(REQ-1)")).toBe("(REQ-1)");
  });
});

describe("case room template as the bridge fills it", () => {
  it("never lists the creator (bot) in power_levels.users (room version 12)", () => {
    const body = caseRoomCreateBody({
      caseId: "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60",
      name: "Beratung 3F2B8C1E",
      botUserId: "@lotse:lotse.example",
      seekerUserId: "@lotse_s1:lotse.example",
      counselorUserIds: ["@c1:lotse.example", "@lotse:lotse.example"],
      aliasLocalpart: "lotse_case_x",
    });
    expect(body.power_level_content_override.users).not.toHaveProperty("@lotse:lotse.example");
    expect(body.invite).toEqual(["@lotse_s1:lotse.example", "@c1:lotse.example"]);
  });
});
