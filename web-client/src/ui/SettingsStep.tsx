// Account: change the password, delete the account (with confirmation), sign out.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { PASSWORD_MIN_LENGTH } from "../domain/validation.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";

export function SettingsStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const s = state.settings;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>Dein Zugang</StepHeading>
      {s.done !== null && (
        <p class="notice" role="status">
          {s.done}
        </p>
      )}
      <FormError message={s.errors.form} />

      <h2>Passwort ändern</h2>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void flow.changePassword();
        }}
      >
        <Field name="oldPassword" label="Bisheriges Passwort" error={s.errors.oldPassword}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              value={s.oldPassword}
              onInput={(e) => flow.setSettingsField("oldPassword", e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          name="newPassword"
          label="Neues Passwort"
          hint={`Mindestens ${PASSWORD_MIN_LENGTH} Zeichen. Mit dem neuen Passwort siehst du auch auf anderen Geräten alle Nachrichten.`}
          error={s.errors.newPassword}
        >
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={s.newPassword}
              onInput={(e) => flow.setSettingsField("newPassword", e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button" disabled={s.busy !== null}>
          {s.busy === "password" ? "Einen Moment …" : "Passwort ändern"}
        </button>
      </form>

      <h2>Zugang löschen</h2>
      <p>
        Wenn du deinen Zugang löschst, werden deine Anfragen geschlossen und dein Name, dein
        Passwort und deine E-Mail-Adresse gelöscht. Das kann man nicht rückgängig machen.
      </p>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void flow.deleteAccount();
        }}
      >
        <Field name="deletePassword" label="Dein Passwort" error={s.errors.deletePassword}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              value={s.deletePassword}
              onInput={(e) => flow.setSettingsField("deletePassword", e.currentTarget.value)}
            />
          )}
        </Field>
        <div class={s.errors.deleteConfirmed === undefined ? "field" : "field field--invalid"}>
          <label class="checkbox">
            <input
              id="field-deleteConfirmed"
              type="checkbox"
              checked={s.deleteConfirmed}
              aria-invalid={s.errors.deleteConfirmed !== undefined}
              aria-describedby={s.errors.deleteConfirmed === undefined ? undefined : "field-deleteConfirmed-error"}
              onChange={(e) => flow.setDeleteConfirmed(e.currentTarget.checked)}
            />
            Ja, ich möchte meinen Zugang endgültig löschen.
          </label>
          {s.errors.deleteConfirmed !== undefined && (
            <p class="field__error" id="field-deleteConfirmed-error">
              {s.errors.deleteConfirmed}
            </p>
          )}
        </div>
        <button type="submit" class="button button--danger" disabled={s.busy !== null}>
          {s.busy === "delete" ? "Einen Moment …" : "Zugang löschen"}
        </button>
      </form>

      <h2>Abmelden</h2>
      <p>Beim Abmelden löschen wir alles, was auf diesem Gerät von dir gespeichert ist.</p>
      <button type="button" class="button button--secondary" onClick={() => flow.signOut()}>
        Abmelden
      </button>
    </section>
  );
}
