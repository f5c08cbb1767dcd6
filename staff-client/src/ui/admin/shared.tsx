// What the admin screens share: their props, the status/error line they announce changes in, and
// turning a thrown error into words (an expired session goes back to sign-in instead).
import { useState } from "preact/hooks";
import { type StaffApi, StaffApiError, type StaffSession } from "../../api.ts";
import { type Lang, texts } from "../../i18n.ts";

export type AdminProps = { api: StaffApi; session: StaffSession; agencyId: string; lang: Lang; onExpired(): void };

export function useStatus(props: AdminProps) {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = texts[props.lang];
  return {
    status,
    error,
    clear() {
      setStatus(null);
      setError(null);
    },
    ok(words: string) {
      setError(null);
      setStatus(words);
    },
    /** Puts a failure in words (`words` when given); false when the session expired. */
    fail(err: unknown, words?: string): void {
      if (err instanceof StaffApiError && err.kind === "expired") return props.onExpired();
      setStatus(null);
      setError(words ?? t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
    },
  };
}

export function StatusLine({ status, error }: { status: string | null; error: string | null }) {
  return (
    <div aria-live="polite" class="live">
      {status && <p class="notice">{status}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
