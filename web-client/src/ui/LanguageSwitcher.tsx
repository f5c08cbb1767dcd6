// The language and form-of-address switcher: a labelled native select (keyboard and screen reader
// friendly), each option named in its own language and marked with its `lang`.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { htmlLang, isLocale, LOCALE_NAMES, LOCALES } from "../i18n/locale.ts";

export function LanguageSwitcher({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  return (
    <div class="field language">
      <label for="field-locale">{flow.t.languageLabel}</label>
      <select
        id="field-locale"
        name="locale"
        value={state.locale}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (isLocale(value)) void flow.setLocale(value);
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={htmlLang(locale)}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
