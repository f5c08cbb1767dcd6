// Regenerates the policy table in policies/README.md (see src/policyReadme.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readmeWithPolicyTable } from "../src/policyReadme.ts";

const file = fileURLToPath(new URL("../README.md", import.meta.url));
const before = readFileSync(file, "utf8");
const after = readmeWithPolicyTable(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? "policies/README.md is up to date" : "policies/README.md updated");
