// Every text the bridge writes into Matrix comes from the bot's message catalogues
// (@lotse/policies, bot/botMessagesDe.ts and bot/botMessagesEn.ts). This test reads the bridge's
// source with the TypeScript parser and fails on any string or template literal that looks like a
// sentence (three words in a row) outside the places where English for operators and developers
// belongs: log calls, thrown errors, metric help, job results, the configuration checks.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const srcDir = join(dirname(fileURLToPath(import.meta.url)), "../src");

/** Files whose prose is not for counselors, and why. */
const EXEMPT_FILES: Readonly<Record<string, string>> = {
  "config.ts": "configuration errors for the operator at start-up",
  "main.ts": "the start-up failure line on stderr for the operator",
  "notify/MailNotifier.ts": "the seeker's e-mail (German and English in one mail), not a Matrix text",
};

const PROSE = /[A-Za-zÄÖÜäöüß]{2,}\s+[A-Za-zÄÖÜäöüß]{2,}\s+[A-Za-zÄÖÜäöüß]{2,}/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Literals in a context where English for developers and operators belongs. */
function exempt(n: ts.Node): boolean {
  let p: ts.Node | undefined = n.parent;
  for (let depth = 0; p && depth < 6; depth++, p = p.parent) {
    if (ts.isCallExpression(p) && /\.(info|warn|error|debug|fatal|trace)$/.test(p.expression.getText())) return true;
    if (ts.isNewExpression(p)) return true; // new Error(…), new PermanentJobError(…)
    if (ts.isTaggedTemplateExpression(p)) return true; // sql`…`
    if (ts.isPropertyAssignment(p) && /^(help|skipped|why|lastError)$/.test(p.name.getText())) return true;
    if (ts.isBinaryExpression(p) && p.left.getText().endsWith("lastError")) return true;
  }
  return false;
}

export function proseOutsideCatalogues(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = relative(srcDir, file);
    if (rel in EXEMPT_FILES) continue;
    const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      const text = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(" … ") : undefined;
      if (text !== undefined && PROSE.test(text) && !exempt(n)) found.push(`${rel}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${text.slice(0, 80)}`);
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return found;
}

describe("bridge texts", () => {
  it("come from the bot's catalogues: no sentence in the bridge's own code", () => {
    const files = sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(30);
    expect(proseOutsideCatalogues(files)).toEqual([]);
  });

  it("would notice a text written in the bridge (the check can fail)", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "lotse-bottexts-"));
    const file = join(dir, "x.ts");
    writeFileSync(file, 'log.info({}, "logged for developers only");\nawait send(room, `Case ${n} is closed now.`);\n');
    expect(proseOutsideCatalogues([file])).toEqual([expect.stringContaining("Case  …  is closed now.")]);
  });
});
