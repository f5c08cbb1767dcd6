// Vite config of the seeker app. Dev and preview servers listen on 127.0.0.1:8080 and forward the
// provisioning API's routes, so the app talks to "its own origin" locally just as in production
// behind the reverse proxy (VITE_LOTSE_API_URL stays empty).
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

const API_TARGET = "http://127.0.0.1:8090";
const proxy = {
  "/v1": { target: API_TARGET },
  "/health": { target: API_TARGET },
  "/docs": { target: API_TARGET },
};
const server = { host: "127.0.0.1", port: 8080, strictPort: true, proxy };

export default defineConfig({
  plugins: [preact()],
  server,
  preview: server,
  build: { outDir: "dist", target: "es2022", sourcemap: true },
});
