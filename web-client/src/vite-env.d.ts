/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the provisioning API; empty or unset means the page's own origin. */
  readonly VITE_LOTSE_API_URL?: string;
  /** Where "Schnell weg" (quick exit) goes; https only (default https://www.wikipedia.org/). */
  readonly VITE_LOTSE_QUICK_EXIT_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
