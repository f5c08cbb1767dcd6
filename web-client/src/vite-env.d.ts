/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the provisioning API; empty or unset means the page's own origin. */
  readonly VITE_LOTSE_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
