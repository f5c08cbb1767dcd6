// Step 2: create a pseudonymous account, or sign in with an existing one.
import { useState } from "preact/hooks";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { PASSWORD_MIN_LENGTH, pseudonymHint } from "../domain/validation.ts";
import type { Messages } from "../i18n/messages.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";

export function AccountStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { account, choice } = state;
  const t = flow.t;
  const [showPassword, setShowPassword] = useState(false);
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const register = account.mode === "register" && choice !== null;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (register && !consent) {
      setConsentError(true);
      document.getElementById("field-consent")?.focus();
      return;
    }
    void flow.submitAccount();
  };
  const strength = passwordStrength(account.password, t);
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{register ? t.accountRegisterHeading : t.accountLoginHeading}</StepHeading>
      {choice !== null && (
        <p class="lead">
          {t.accountLeadTo} <strong>{choice.agency.name}</strong>
          {t.accountLeadCity(choice.agency.city)} {register ? t.accountLeadRegister : t.accountLeadLogin}
        </p>
      )}
      {choice === null && state.group.pendingGroupId !== null && <p class="lead">{t.groupSignInLead}</p>}
      {state.booking.pending && <p class="lead">{t.bookingSignInLead}</p>}

      <form class="form" onSubmit={onSubmit} noValidate>
        <Field
          name="username"
          label={register ? t.usernameLabelRegister : t.usernameLabel}
          hint={register ? pseudonymHint(t) : undefined}
          error={account.errors.username}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellcheck={false}
              value={account.username}
              onInput={(e) => flow.setAccountField("username", e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          name="password"
          label={t.passwordLabel}
          hint={register ? t.passwordHintRegister(PASSWORD_MIN_LENGTH) : undefined}
          error={account.errors.password}
        >
          {(control) => (
            <input
              {...control}
              type={showPassword ? "text" : "password"}
              autoComplete={register ? "new-password" : "current-password"}
              value={account.password}
              onInput={(e) => flow.setAccountField("password", e.currentTarget.value)}
            />
          )}
        </Field>
        {register && account.password !== "" && (
          <p class={`strength strength--${strength.level}`} aria-live="polite">
            {t.passwordStrength(strength.label)}
          </p>
        )}
        <label class="checkbox">
          <input
            type="checkbox"
            checked={showPassword}
            onChange={(e) => setShowPassword(e.currentTarget.checked)}
          />
          {t.showPassword}
        </label>
        {register && (
          <Field
            name="email"
            label={
              <>
                {t.emailLabel} <span class="optional">{t.optional}</span>
              </>
            }
            hint={t.emailHint}
            error={account.errors.email}
          >
            {(control) => (
              <input
                {...control}
                type="email"
                autoComplete="email"
                value={account.email}
                onInput={(e) => flow.setAccountField("email", e.currentTarget.value)}
              />
            )}
          </Field>
        )}
        {register && (
          <div class={consentError ? "field field--invalid" : "field"}>
            <label class="checkbox">
              <input
                id="field-consent"
                type="checkbox"
                checked={consent}
                aria-invalid={consentError}
                aria-describedby={consentError ? "field-consent-error" : "field-consent-hint"}
                onChange={(e) => {
                  setConsent(e.currentTarget.checked);
                  setConsentError(false);
                }}
              />
              {t.consentLabel}
            </label>
            <p class="field__hint" id="field-consent-hint">
              {t.consentHint}
            </p>
            {consentError && (
              <p class="field__error" id="field-consent-error">
                {t.consentMissing}
              </p>
            )}
          </div>
        )}
        <FormError message={account.errors.form} />
        <button type="submit" class="button" disabled={account.submitting}>
          {account.submitting
            ? t.busy
            : register
              ? t.submitRegister
              : choice !== null
                ? t.submitLoginContinue
                : t.submitLogin}
        </button>
      </form>

      <div class="alternatives">
        {choice !== null ? (
          <>
            <button
              type="button"
              class="link-button"
              onClick={() => flow.setAccountMode(register ? "login" : "register")}
            >
              {register ? t.haveAccount : t.noAccount}
            </button>
            <button type="button" class="link-button" onClick={() => flow.backToSearch()}>
              {t.otherAgency}
            </button>
          </>
        ) : (
          <button type="button" class="link-button" onClick={() => flow.beginSearch()}>
            {t.noAccountFind}
          </button>
        )}
      </div>
    </section>
  );
}

/** A rough, honest strength estimate: length first, then variety of characters. */
function passwordStrength(password: string, t: Messages): { level: "weak" | "ok" | "strong"; label: string } {
  const length = [...password].length;
  const classes = [/[a-zäöüß]/u, /[A-ZÄÖÜ]/u, /\d/u, /[^\p{L}\d]/u].filter((re) => re.test(password)).length;
  const score = (length >= 8 ? 1 : 0) + (length >= 12 ? 1 : 0) + (length >= 16 ? 1 : 0) + (classes >= 3 ? 1 : 0);
  if (length < 8 || score <= 1) return { level: "weak", label: t.strengthWeak };
  if (score === 2) return { level: "ok", label: t.strengthOk };
  return { level: "strong", label: t.strengthStrong };
}
