// Before each test file: every language's texts loaded (both parts), as the app has them once chosen.
import { LOCALES } from "../src/i18n/locale.ts";
import { loadLaterMessages } from "../src/i18n/messages.ts";

await Promise.all(LOCALES.map((locale) => loadLaterMessages(locale)));
