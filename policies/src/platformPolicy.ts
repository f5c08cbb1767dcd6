// The platform's moderation policy as typed, declarative data: defaults, a schema (TypeBox), and
// the operator's override file merged over the defaults. Bridge and API read the same file
// (LOTSE_POLICY_FILE, JSON or YAML) through `loadPlatformPolicy` and refuse to start when it is
// invalid, with errors naming the key path (`flood.eventsPerMinute: must be ≥ 1`).
//
// The decisions that use these values are pure functions in moderation.ts. The table of every
// policy and its default in policies/README.md is generated from this file (policyReadme.ts).
import { type Static, type TSchema, Type } from "typebox";
import { Value } from "typebox/value";
import { parse as parseYaml } from "yaml";

/** Room kinds as the `org.lotse.room` marker names them. */
export const platformRoomKinds = ["case", "pool", "supervision", "command_chat", "group", "whisper", "policy_list"] as const;
export type PlatformRoomKind = (typeof platformRoomKinds)[number];

export const floodActions = ["mute", "kick", "notify"] as const;
export type FloodAction = (typeof floodActions)[number];

const roomKindSchema = Type.Union(
  [
    Type.Literal("case"),
    Type.Literal("pool"),
    Type.Literal("supervision"),
    Type.Literal("command_chat"),
    Type.Literal("group"),
    Type.Literal("whisper"),
    Type.Literal("policy_list"),
  ],
  { description: "a room kind" },
);

const userId = Type.String({ pattern: "^@[^:\\s]+:\\S+$", description: "a Matrix user id" });

/** Every policy with its type, limits and meaning (the README table is generated from this). */
export const platformPolicySchema = Type.Object(
  {
    moderation: Type.Object(
      {
        moderatorLevel: Type.Integer({
          minimum: 1,
          maximum: 100,
          description: "power level from which a room member counts as its moderator (may use the moderation commands, is never muted or banned by automation)",
        }),
        immuneUsers: Type.Array(userId, {
          maxItems: 1000,
          description: "further user ids that automation never mutes, kicks or bans (the bot and every room's moderators always are)",
        }),
      },
      { additionalProperties: false },
    ),
    mute: Type.Object(
      {
        defaultMinutes: Type.Integer({ minimum: 1, maximum: 10_080, description: "length of a mute when `!mute` names no minutes" }),
        maxMinutes: Type.Integer({ minimum: 1, maximum: 525_600, description: "longest mute a moderator may give with `!mute`" }),
      },
      { additionalProperties: false },
    ),
    flood: Type.Object(
      {
        enabled: Type.Boolean({ description: "flood protection on or off" }),
        eventsPerMinute: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          description: "events one member may send into one room within any 60 s (counted from metadata: sender, room, time; never content)",
        }),
        action: Type.Union([Type.Literal("mute"), Type.Literal("kick"), Type.Literal("notify")], {
          description: "what happens to a member above the limit: `mute` (timed), `kick` or `notify` (moderators only)",
        }),
        muteMinutes: Type.Integer({ minimum: 1, maximum: 10_080, description: "length of the mute a flood earns" }),
        notifyModerators: Type.Boolean({ description: "post a notice to the room's moderators when flood protection acts" }),
        roomKinds: Type.Array(roomKindSchema, {
          uniqueItems: true,
          description: "room kinds (the `org.lotse.room` marker) flood protection watches",
        }),
      },
      { additionalProperties: false },
    ),
    policyList: Type.Object(
      {
        enabled: Type.Boolean({ description: "keep a platform policy-list room and apply its `m.policy.rule.user` ban rules to every platform room" }),
        adminLevel: Type.Integer({ minimum: 1, maximum: 100, description: "power level of platform admins in the policy-list room (they write the rules from any Matrix client)" }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type PlatformPolicy = Static<typeof platformPolicySchema>;

export const defaultPlatformPolicy: PlatformPolicy = {
  moderation: { moderatorLevel: 50, immuneUsers: [] },
  mute: { defaultMinutes: 10, maxMinutes: 10_080 },
  flood: {
    enabled: true,
    eventsPerMinute: 20,
    action: "mute",
    muteMinutes: 10,
    notifyModerators: true,
    roomKinds: ["case", "supervision", "group", "whisper"],
  },
  policyList: { enabled: true, adminLevel: 50 },
};

type Deep<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Deep<T[K]> } : T;
/** What an operator's file may hold: any subset of the policy. */
export type PlatformPolicyOverride = Deep<PlatformPolicy>;

export type PolicyResult = { ok: true; policy: PlatformPolicy } | { ok: false; errors: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge: objects key by key, everything else (arrays included) replaced. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

function keyPath(instancePath: string): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.length === 0 ? "(top level)" : parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** The allowed values of a union of literals at a value's path in the schema, if it is one. */
function literalsAt(schema: TSchema, instancePath: string): string[] | undefined {
  let node = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: { const?: unknown }[] } | undefined;
  for (const part of instancePath.split("/").slice(1)) {
    node = (/^\d+$/.test(part) ? node?.items : node?.properties?.[part]) as typeof node;
  }
  const values = node?.anyOf?.map((x) => x.const);
  return values && values.every((v) => typeof v === "string") ? (values as string[]) : undefined;
}

type ErrorLike = { keyword: string; instancePath: string; schemaPath: string; params: Record<string, unknown>; message: string };

/** One readable line per problem, each naming the key path. */
function describeErrors(schema: TSchema, value: unknown): string[] {
  const errors = [...Value.Errors(schema, value)] as unknown as ErrorLike[];
  const out = new Set<string>();
  for (const e of errors) {
    const at = keyPath(e.instancePath);
    switch (e.keyword) {
      case "boolean":
        // the additionalProperties: false of an object, reported per unknown key
        out.add(`${at}: unknown key`);
        break;
      case "additionalProperties":
        break;
      case "minimum":
        out.add(`${at}: must be ≥ ${String(e.params.limit)}`);
        break;
      case "maximum":
        out.add(`${at}: must be ≤ ${String(e.params.limit)}`);
        break;
      case "const":
      case "anyOf": {
        const allowed = literalsAt(schema, e.instancePath);
        out.add(allowed ? `${at}: must be one of ${allowed.join(", ")}` : `${at}: ${e.message}`);
        break;
      }
      case "pattern":
        out.add(`${at}: must be a Matrix user id (@name:server)`);
        break;
      case "required":
        out.add(`${at}: ${e.message}`);
        break;
      default:
        out.add(`${at}: ${e.message}`);
    }
  }
  return [...out];
}

/** Validates an override (already parsed) and merges it over the defaults. Pure. */
export function resolvePlatformPolicy(override: unknown, defaults: PlatformPolicy = defaultPlatformPolicy): PolicyResult {
  if (override === undefined || override === null) return { ok: true, policy: structuredClone(defaults) };
  if (!isPlainObject(override)) return { ok: false, errors: ["(top level): must be an object (a mapping of policy sections)"] };
  const merged = merge(structuredClone(defaults), override);
  const errors = describeErrors(platformPolicySchema, merged);
  if (errors.length === 0) {
    const p = merged as PlatformPolicy;
    if (p.mute.defaultMinutes > p.mute.maxMinutes) errors.push("mute.defaultMinutes: must be ≤ mute.maxMinutes");
  }
  return errors.length ? { ok: false, errors } : { ok: true, policy: merged as PlatformPolicy };
}

/** Parses the text of a policy file (YAML, of which JSON is a subset, or strict JSON for *.json). */
export function parsePolicyText(text: string, fileName = "policy.yaml"): PolicyResult {
  let parsed: unknown;
  try {
    parsed = fileName.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return { ok: false, errors: [`(file): not valid ${fileName.endsWith(".json") ? "JSON" : "YAML"}: ${err instanceof Error ? err.message.split("\n")[0] : "parse error"}`] };
  }
  return resolvePlatformPolicy(parsed);
}

export class PolicyConfigError extends Error {
  readonly errors: string[];
  constructor(file: string, errors: string[]) {
    super(`invalid policy file ${file}:\n  ${errors.join("\n  ")}`);
    this.name = "PolicyConfigError";
    this.errors = errors;
  }
}

/**
 * The policy in force: the defaults, with the file named by LOTSE_POLICY_FILE (if set) merged
 * over them. Throws PolicyConfigError naming every bad key path; processes call this at start-up.
 */
export function loadPlatformPolicy(env: Record<string, string | undefined> = process.env): PlatformPolicy {
  const file = env.LOTSE_POLICY_FILE;
  if (!file) return structuredClone(defaultPlatformPolicy);
  let text: string;
  try {
    // node:fs fetched at call time, not imported: the web client bundles this package's index
    // (for the pseudonym rule) and must not pull in a Node built-in.
    const fs = process.getBuiltinModule("node:fs") as typeof import("node:fs");
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new PolicyConfigError(file, [`(file): cannot be read (${(err as { code?: string }).code ?? "error"})`]);
  }
  const r = parsePolicyText(text, file);
  if (!r.ok) throw new PolicyConfigError(file, r.errors);
  return r.policy;
}
