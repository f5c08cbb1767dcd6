// Vite config of the staff console: its own bundle (the seeker app's budget is untouched), served
// like the seeker app — /v1 goes to the provisioning API on the same origin. Signing in talks to
// the counselor's own homeserver directly (its client API answers CORS), so the console's CSP
// allows exactly the trusted homeservers besides its own origin.
//
// Environment (read when the server starts; the browser tests set them):
//   LOTSE_STAFF_API_TARGET       where /v1 and /health go                 (default http://127.0.0.1:8090)
//   LOTSE_STAFF_HOMESERVERS      space-separated origins of trusted homeservers (default http://127.0.0.1:8008)
//   LOTSE_STAFF_HOST, LOTSE_STAFF_PORT  the listener                        (default 127.0.0.1:8081)
//   LOTSE_STAFF_BASE             the path the console is served under     (default /; production's
//                                nginx serves it under /konsole/, docker/Dockerfile builds it so)
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

const env = process.env;
const API_TARGET = env.LOTSE_STAFF_API_TARGET ?? "http://127.0.0.1:8090";
const HOMESERVERS = (env.LOTSE_STAFF_HOMESERVERS ?? "http://127.0.0.1:8008").split(/\s+/).filter((o) => /^https?:\/\/[^\s;'"]+$/.test(o));

/** The console's security headers: as strict as the seeker app's, plus the homeservers to sign in at. */
export function staffSecurityHeaders(homeservers: readonly string[]): Record<string, string> {
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${homeservers.join(" ")}`.trim(),
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}

const server = {
  host: env.LOTSE_STAFF_HOST ?? "127.0.0.1",
  port: Number(env.LOTSE_STAFF_PORT ?? 8081),
  strictPort: true,
  proxy: { "/v1": { target: API_TARGET }, "/health": { target: API_TARGET } },
};

export default defineConfig(() => {
  const { "Content-Security-Policy": _devCsp, ...devHeaders } = staffSecurityHeaders(HOMESERVERS);
  return {
    plugins: [preact()],
    base: env.LOTSE_STAFF_BASE ?? "/",
    // The dev server injects inline scripts (HMR), so only the built console gets the CSP.
    server: { ...server, headers: devHeaders },
    preview: { ...server, headers: staffSecurityHeaders(HOMESERVERS) },
    build: { outDir: "dist", target: "es2022", sourcemap: true },
  };
});
