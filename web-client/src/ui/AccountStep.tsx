// Step 2: create a pseudonymous account, or sign in with an existing one.
import { useState } from "preact/hooks";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { PASSWORD_MIN_LENGTH, PSEUDONYM_HINT } from "../domain/validation.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";

export function AccountStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { account, choice } = state;
  const [showPassword, setShowPassword] = useState(false);
  const register = account.mode === "register";
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void flow.submitAccount();
  };
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
        <FormError message={account.errors.form} />
        <button type="submit" class="button" disabled={account.submitting}>
          {account.submitting
            ? "Einen Moment …"
            : register
              ? "Zugang anlegen und Anfrage senden"
              : "Anmelden und Anfrage senden"}
        </button>
      </form>

      <div class="alternatives">
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
      </div>
    </section>
  );
}
