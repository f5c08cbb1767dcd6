// A labelled form control with an optional hint and an error, wired up for screen readers
// (aria-describedby, aria-invalid). Ids follow `field-<name>` so focus requests can find them.
import type { ComponentChildren } from "preact";

type FieldProps = {
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: (control: ControlProps) => ComponentChildren;
};

export type ControlProps = {
  id: string;
  name: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
};

export function Field({ name, label, hint, error, children }: FieldProps) {
  const id = `field-${name}`;
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error === undefined ? "field" : "field field--invalid"}>
      <label for={id}>{label}</label>
      {hint !== undefined && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, name, "aria-invalid": error !== undefined, "aria-describedby": describedBy })}
      {error !== undefined && (
        <p class="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The error that belongs to the whole form, focusable so it is read out when it appears. */
export function FormError({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p class="form-error" id="form-error" role="alert" tabIndex={-1}>
      {message}
    </p>
  );
}

export function StepHeading({ children }: { children: ComponentChildren }) {
  return (
    <h1 id="step-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
