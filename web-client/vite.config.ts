// Vite config of the seeker app. Dev and preview servers forward the provisioning API's routes and
// the homeserver's client API, so the app talks to "its own origin" locally just as in production
// behind the reverse proxy (VITE_LOTSE_API_URL stays empty).
//
// Environment (read when the server starts; the browser tests and the bench set them):
//   LOTSE_WEB_API_TARGET         where /v1, /health, /docs, /widget/, /a/ go (default http://127.0.0.1:8090)
//   LOTSE_WEB_HOMESERVER_TARGET  where /_matrix goes                 (default http://127.0.0.1:8008)
//   LOTSE_WEB_HOST, LOTSE_WEB_PORT  the listener                      (default 127.0.0.1:8080)
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

const env = process.env;
const API_TARGET = env.LOTSE_WEB_API_TARGET ?? "http://127.0.0.1:8090";
const HOMESERVER_TARGET = env.LOTSE_WEB_HOMESERVER_TARGET ?? "http://127.0.0.1:8008";
const proxy = {
  "/v1": { target: API_TARGET },
  "/health": { target: API_TARGET },
  "/docs": { target: API_TARGET },
  // Issue 15: an agency's entry card (its own CSP frame-ancestors from the API) and short links.
  "/widget/": { target: API_TARGET },
  "/a/": { target: API_TARGET },
  "/_matrix": { target: HOMESERVER_TARGET },
};

/**
 * The page's security headers (docker/nginx.conf sends the same). Strict CSP: no inline script,
 * everything from the own origin; 'wasm-unsafe-eval' lets the encryption's WebAssembly compile.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  // blob: the decrypted photos of a conversation (ui/Attachments.tsx), made in this page from its own memory.
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders: Record<string, string> = {
  "Content-Security-Policy": contentSecurityPolicy,
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  // Calls (ui/CallScreen.tsx): camera and microphone for the app's own origin only, never a frame.
  "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const server = {
  host: env.LOTSE_WEB_HOST ?? "127.0.0.1",
  port: Number(env.LOTSE_WEB_PORT ?? 8080),
  strictPort: true,
  proxy,
};

export default defineConfig(({ command }) => ({
  plugins: [preact()],
  // The dev server injects inline scripts (HMR, the preact preset), so only the built app gets
  // the strict CSP; the other headers apply to both.
  server: { ...server, headers: withoutCsp(securityHeaders) },
  preview: { ...server, headers: securityHeaders },
  build: {
    outDir: "dist",
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
    // @lotse/policies is pure rules (no import-time effects), but its index also re-exports the
    // server side's policy-file loader (node:fs, yaml, typebox). Declaring its modules free of side
    // effects lets the bundler drop every module the app does not use, so the page ships the
    // pseudonym rule and its texts only (JS before login stays small).
    rollupOptions: {
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]policies[\\/]src[\\/]/u.test(id) },
      // Each language is two chunks (i18n/<language>.ts, i18n/later/<language>.ts): the later
      // screens' part is named "later-<language>-…" so the two can be told apart in the network.
      output: {
        chunkFileNames: (chunk: { facadeModuleId?: string | null }) =>
          /[\\/]i18n[\\/]later[\\/]/u.test(chunk.facadeModuleId ?? "") ? "assets/later-[name]-[hash].js" : "assets/[name]-[hash].js",
      },
    },
  },
  // Dev server: prebundle the lazily loaded chat engine's dependencies up front (otherwise Vite
  // discovers them on first sign-in, re-optimizes, and the dynamic import fails). The crypto WASM
  // package loads its .wasm through `new URL(…, import.meta.url)`; it is not prebundled.
  optimizeDeps:
    command === "serve"
      ? { entries: ["index.html", "src/matrix/engine.ts"], exclude: ["@matrix-org/matrix-sdk-crypto-wasm"] }
      : {},
}));

function withoutCsp(headers: Record<string, string>): Record<string, string> {
  const { "Content-Security-Policy": _csp, ...rest } = headers;
  return rest;
}
