// The log scan must be able to fail: a fixture log holding registered secrets in every form a
// process writes them (plain, JSON-escaped, URL-encoded, Python-escaped) yields findings; the
// same log without them, or holding only short lookalikes, yields none.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeFindings, findSecrets, listLogFiles, registerTestSecrets, scanRunLogs, unfitSecret, type TestSecret } from "../src/logScan.ts";

const secrets: TestSecret[] = [
  { kind: "pseudonym", value: "Wolke Übermut" },
  { kind: "password", value: "ein langes Passwort" },
  { kind: "email", value: "nebel.7f3a@example.org" },
  { kind: "token", value: "eyJhbGciOiJIUzI1NiJ9.abcdefgh" },
  { kind: "message", value: "Ich weiß nicht mehr weiter 5b0c" },
];

describe("log scan", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("finds every kind of secret, in plain, JSON-escaped, URL-encoded and Python-escaped form", () => {
    const log = [
      `{"level":30,"msg":"registered","username":"Wolke \\u00dcbermut"}`, // ASCII-only JSON
      `{"level":30,"msg":"login","password":"ein langes Passwort"}`,
      `GET /profile?email=${encodeURIComponent("nebel.7f3a@example.org")} 200`,
      `authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdefgh`,
      `synapse: body 'Ich wei\\xdf nicht mehr weiter 5b0c'`,
      `PUT /displayname/${encodeURIComponent("Wolke Übermut")}`,
      `2026-11-22 07:10:21,123 - synapse.access - 12345 - GET /sync 200`,
    ].join("\n");
    const found = findSecrets([{ file: "api.log", text: log }], secrets);
    expect(found.map((f) => [f.line, f.kind])).toEqual([
      [1, "pseudonym"],
      [2, "password"],
      [3, "email"],
      [4, "token"],
      [5, "message"],
      [6, "pseudonym"],
    ]);
    // The report never repeats a secret.
    const text = describeFindings({ files: ["api.log"], secrets: secrets.length, findings: found });
    for (const s of secrets) expect(text).not.toContain(s.value);
  });

  it("finds nothing in a clean log, and short or numeric values cannot be registered", () => {
    const clean = `{"time":1795000000000,"caseNumber":12345,"msg":"case opened","postcode":"50667"}\nWolke Ü\n`;
    expect(findSecrets([{ file: "bridge.log", text: clean }], secrets)).toEqual([]);
    expect(unfitSecret("12345")).toBeDefined();
    expect(unfitSecret("123456789012")).toBe("only digits");
    expect(unfitSecret("Wolke")).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "lotse-logscan-"));
    dirs.push(dir);
    expect(() => registerTestSecrets(dir, [{ kind: "token", value: "50667" }])).toThrow(/cannot be scanned/);
  });

  it("scans every log file of a run directory, including rotated ones and nested services, but not the database's data", () => {
    const dir = mkdtempSync(join(tmpdir(), "lotse-logscan-"));
    dirs.push(dir);
    mkdirSync(join(dir, "logs"));
    mkdirSync(join(dir, "synapse"));
    mkdirSync(join(dir, "pg"));
    mkdirSync(join(dir, "federation", "agency"), { recursive: true });
    writeFileSync(join(dir, "logs", "provisioning-api.log"), "all quiet\n");
    writeFileSync(join(dir, "synapse", "homeserver.log.1"), "old line\nein langes Passwort\n");
    writeFileSync(join(dir, "federation", "agency", "synapse.stdout.log"), "nebel.7f3a@example.org\n");
    writeFileSync(join(dir, "pg", "postgresql.log"), "ein langes Passwort\n"); // data dir: skipped
    writeFileSync(join(dir, "notes.txt"), "ein langes Passwort\n"); // not a log
    expect(listLogFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual([
      "federation/agency/synapse.stdout.log",
      "logs/provisioning-api.log",
      "synapse/homeserver.log.1",
    ]);
    // Nothing registered: nothing to find.
    expect(scanRunLogs(dir).findings).toEqual([]);
    registerTestSecrets(dir, secrets);
    registerTestSecrets(dir, [secrets[1]!]); // registered twice: searched once
    const scan = scanRunLogs(dir);
    expect(scan.secrets).toBe(secrets.length);
    expect(scan.findings.map((f) => `${f.file}:${f.line}:${f.kind}`)).toEqual([
      "federation/agency/synapse.stdout.log:1:email",
      "synapse/homeserver.log.1:2:password",
    ]);
  });
});
