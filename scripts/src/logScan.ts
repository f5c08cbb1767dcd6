// The log scan of an integration test run (issue 7): every log any process of the run wrote
// (provisioning API, bridge, web preview, Synapse, PostgreSQL — all under the instance's data
// directory) is searched for the secrets the tests used: pseudonyms, passwords, e-mail
// addresses, tokens, message texts. Tests register what they use with `registerTestSecrets`
// (appends to `<dataDir>/secrets.jsonl`); the integration project's global teardown runs
// `scanRunLogs` after every process has stopped and fails the run on a finding.
//
// Only long values are accepted (≥ 8 characters, not all digits): a short or common string would
// turn up in some timestamp or id by chance and make the scan flaky. Synapse logs user ids
// legitimately; user ids are never registered, the pseudonym (a display name) is. A finding names
// the file, line and kind, never the secret itself.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

export type SecretKind = "pseudonym" | "password" | "email" | "token" | "message";
export type TestSecret = { kind: SecretKind; value: string };
export type LogText = { file: string; text: string };
export type LogFinding = { file: string; line: number; kind: SecretKind; hint: string };

export const SECRETS_FILE = "secrets.jsonl";
export const MIN_SECRET_LENGTH = 8;

/** Why a value cannot be a scanned secret, or undefined when it can. */
export function unfitSecret(value: string): string | undefined {
  if (value.length < MIN_SECRET_LENGTH) return `shorter than ${MIN_SECRET_LENGTH} characters`;
  if (/^\d+$/u.test(value)) return "only digits";
  if (value.trim() !== value) return "leading or trailing blanks";
  return undefined;
}

/** Appends secrets a test used to the run's register. Throws on a value unfit for scanning. */
export function registerTestSecrets(dataDir: string, secrets: readonly TestSecret[]): void {
  const lines: string[] = [];
  for (const s of secrets) {
    const why = unfitSecret(s.value);
    if (why) throw new Error(`test secret (${s.kind}) cannot be scanned for: ${why}`);
    lines.push(JSON.stringify(s));
  }
  if (lines.length === 0) return;
  const file = join(dataDir, SECRETS_FILE);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${lines.join("\n")}\n`);
}

export function readTestSecrets(dataDir: string): TestSecret[] {
  const file = join(dataDir, SECRETS_FILE);
  if (!existsSync(file)) return [];
  const out = new Map<string, TestSecret>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const s = JSON.parse(line) as TestSecret;
    if (typeof s.value === "string" && !unfitSecret(s.value)) out.set(`${s.kind}\u0000${s.value}`, s);
  }
  return [...out.values()];
}

/** The forms a value can take in a log: as is, JSON-escaped, URL-encoded. */
function formsOf(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  // ASCII-only JSON (Python's json.dumps) writes non-ASCII as \uNNNN; Python's repr as \xNN.
  forms.add(value.replace(/[^\x20-\x7e]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`));
  forms.add(value.replace(/[^\x20-\x7e]/gu, (c) => { const n = c.codePointAt(0)!; return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`; }));
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

function mask(value: string): string {
  return `${value.slice(0, 2)}…(${value.length} chars)`;
}

/** Every occurrence of a secret in the given texts (pure). */
export function findSecrets(logs: readonly LogText[], secrets: readonly TestSecret[]): LogFinding[] {
  const findings: LogFinding[] = [];
  const wanted = secrets.map((s) => ({ s, forms: formsOf(s.value) }));
  for (const log of logs) {
    const lines = log.text.split("\n");
    lines.forEach((line, i) => {
      for (const { s, forms } of wanted) {
        if (forms.some((f) => line.includes(f))) findings.push({ file: log.file, line: i + 1, kind: s.kind, hint: mask(s.value) });
      }
    });
  }
  return findings;
}

/** Every log file under a directory (names containing ".log", e.g. homeserver.log.1). */
export function listLogFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        // PostgreSQL's data directory and Synapse's media hold no logs (and binary files).
        if (name === "pg" || name === "media_store" || name === "node_modules") continue;
        walk(p);
      } else if (st.isFile() && /\.log(\.|$)/u.test(name)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out.sort();
}

export type RunLogScan = { files: string[]; secrets: number; findings: LogFinding[] };

/** Scans every log under the run's data directory for every registered secret. */
export function scanRunLogs(dataDir: string): RunLogScan {
  const secrets = readTestSecrets(dataDir);
  const files = listLogFiles(dataDir);
  const logs = files.map((f) => ({ file: relative(dataDir, f), text: readFileSync(f, "utf8") }));
  return { files: logs.map((l) => l.file), secrets: secrets.length, findings: secrets.length ? findSecrets(logs, secrets) : [] };
}

export function describeFindings(scan: RunLogScan): string {
  const lines = scan.findings.slice(0, 50).map((f) => `  ${f.file}:${f.line} ${f.kind} ${f.hint}`);
  return `${scan.findings.length} secret(s) found in the logs of this test run (${scan.files.length} files, ${scan.secrets} secrets):\n${lines.join("\n")}`;
}
