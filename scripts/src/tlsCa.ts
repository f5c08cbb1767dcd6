// A throw-away certificate authority for multi-homeserver tests: federation between Synapse
// instances needs TLS with certificates they verify, so the test makes its own CA (openssl) and
// hands each homeserver a leaf certificate for its name plus the CA as its only trust anchor.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./proc.ts";

export type TestCa = { dir: string; caCert: string; caKey: string };

export async function createTestCa(dir: string): Promise<TestCa> {
  mkdirSync(dir, { recursive: true });
  const caKey = join(dir, "ca.key");
  const caCert = join(dir, "ca.pem");
  if (!existsSync(caCert)) {
    await run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", caKey, "-out", caCert, "-days", "2", "-subj", "/CN=Lotse test CA",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  }
  return { dir, caCert, caKey };
}

/** Issues a leaf certificate for `hostname` (DNS SAN) signed by the CA; returns cert and key paths. */
export async function issueCertificate(ca: TestCa, hostname: string, outDir: string): Promise<{ cert: string; key: string }> {
  mkdirSync(outDir, { recursive: true });
  const key = join(outDir, "tls.key");
  const csr = join(outDir, "tls.csr");
  const cert = join(outDir, "tls.crt");
  const ext = join(outDir, "tls.ext");
  writeFileSync(ext, `subjectAltName=DNS:${hostname}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  await run("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", csr, "-subj", `/CN=${hostname}`]);
  await run("openssl", ["x509", "-req", "-in", csr, "-CA", ca.caCert, "-CAkey", ca.caKey, "-CAcreateserial",
    "-out", cert, "-days", "2", "-extfile", ext]);
  return { cert, key };
}
