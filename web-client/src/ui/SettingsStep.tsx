// Account: change the password, delete the account (with confirmation), sign out.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { PASSWORD_MIN_LENGTH } from "../domain/validation.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";

export function SettingsStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const s = state.settings;
  const t = flow.t;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{t.settingsHeading}</StepHeading>
      {s.done !== null && (
        <p class="notice" role="status">
          {s.done}
        </p>
      )}
      <FormError message={s.errors.form} />

      <h2>{t.settingsLanguageHeading}</h2>
      <LanguageSwitcher flow={flow} state={state} />

      <h2>{t.settingsPasswordHeading}</h2>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void flow.changePassword();
        }}
      >
        <Field name="oldPassword" label={t.settingsOldPassword} error={s.errors.oldPassword}>
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
          label={t.settingsNewPassword}
          hint={t.settingsNewPasswordHint(PASSWORD_MIN_LENGTH)}
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
          {s.busy === "password" ? t.busy : t.settingsChangePassword}
        </button>
      </form>

      <h2>{t.settingsDeleteHeading}</h2>
      <p>{t.settingsDeleteText}</p>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void flow.deleteAccount();
        }}
      >
        <Field name="deletePassword" label={t.settingsDeletePassword} error={s.errors.deletePassword}>
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
            {t.settingsDeleteConfirm}
          </label>
          {s.errors.deleteConfirmed !== undefined && (
            <p class="field__error" id="field-deleteConfirmed-error">
              {s.errors.deleteConfirmed}
            </p>
          )}
        </div>
        <button type="submit" class="button button--danger" disabled={s.busy !== null}>
          {s.busy === "delete" ? t.busy : t.settingsDelete}
        </button>
      </form>

      <h2>{t.settingsSignOutHeading}</h2>
      <p>{t.settingsSignOutText}</p>
      <button type="button" class="button button--secondary" onClick={() => flow.signOut()}>
        {t.navSignOut}
      </button>
    </section>
  );
}
