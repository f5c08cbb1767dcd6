// Step 2: create a pseudonymous account, or sign in with an existing one.
import { useState } from "preact/hooks";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { PASSWORD_MIN_LENGTH, PSEUDONYM_HINT } from "../domain/validation.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";

export function AccountStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { account, choice } = state;
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
  const strength = passwordStrength(account.password);
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{register ? "Dein anonymer Zugang" : "Willkommen zurück"}</StepHeading>
      {choice !== null && (
        <p class="lead">
          Deine Anfrage geht an <strong>{choice.agency.name}</strong> in {choice.agency.city}.{" "}
          {register
            ? "Damit nur du deine Antworten lesen kannst, brauchst du einen Zugang. Deinen echten Namen brauchen wir nicht."
            : "Melde dich mit deinem Namen und Passwort an."}
        </p>
      )}

      <form class="form" onSubmit={onSubmit} noValidate>
        <Field
          name="username"
          label={register ? "Dein Name hier (Fantasiename)" : "Dein Name hier"}
          hint={register ? PSEUDONYM_HINT : undefined}
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
          label="Passwort"
          hint={
            register
              ? `Mindestens ${PASSWORD_MIN_LENGTH} Zeichen. Merk es dir gut – damit kommst du wieder an deine Nachrichten.`
              : undefined
          }
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
            Stärke deines Passworts: {strength.label}
          </p>
        )}
        <label class="checkbox">
          <input
            type="checkbox"
            checked={showPassword}
            onChange={(e) => setShowPassword(e.currentTarget.checked)}
          />
          Passwort anzeigen
        </label>
        {register && (
          <Field
            name="email"
            label={
              <>
                E-Mail-Adresse <span class="optional">(freiwillig)</span>
              </>
            }
            hint="Nur damit wir dir Bescheid geben können, wenn eine Antwort da ist. Niemand sonst sieht sie – auch die Beratungsstelle nicht."
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
              Ich bin einverstanden, dass meine Angaben für die Beratung gespeichert werden.
            </label>
            <p class="field__hint" id="field-consent-hint">
              Gespeichert werden nur dein Fantasiename, dein Passwort (unlesbar gemacht), Thema und
              Postleitzahl und – wenn du willst – deine E-Mail-Adresse. Deine Nachrichten kann nur
              die Beratungsstelle lesen. Du kannst alles jederzeit löschen.
            </p>
            {consentError && (
              <p class="field__error" id="field-consent-error">
                Bitte stimme zu, damit wir deinen Zugang anlegen können.
              </p>
            )}
          </div>
        )}
        <FormError message={account.errors.form} />
        <button type="submit" class="button" disabled={account.submitting}>
          {account.submitting
            ? "Einen Moment …"
            : register
              ? "Zugang anlegen und weiter"
              : choice !== null
                ? "Anmelden und weiter"
                : "Anmelden"}
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
              {register ? "Ich habe schon einen Zugang" : "Ich habe noch keinen Zugang"}
            </button>
            <button type="button" class="link-button" onClick={() => flow.backToSearch()}>
              Andere Beratungsstelle wählen
            </button>
          </>
        ) : (
          <button type="button" class="link-button" onClick={() => flow.beginSearch()}>
            Ich habe noch keinen Zugang – Beratung finden
          </button>
        )}
      </div>
    </section>
  );
}

/** A rough, honest strength estimate: length first, then variety of characters. */
function passwordStrength(password: string): { level: "weak" | "ok" | "strong"; label: string } {
  const length = [...password].length;
  const classes = [/[a-zäöüß]/u, /[A-ZÄÖÜ]/u, /\d/u, /[^\p{L}\d]/u].filter((re) => re.test(password)).length;
  const score = (length >= 8 ? 1 : 0) + (length >= 12 ? 1 : 0) + (length >= 16 ? 1 : 0) + (classes >= 3 ? 1 : 0);
  if (length < 8 || score <= 1) return { level: "weak", label: "schwach" };
  if (score === 2) return { level: "ok", label: "in Ordnung" };
  return { level: "strong", label: "stark" };
}
