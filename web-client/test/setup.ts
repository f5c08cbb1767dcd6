// Before each test file: every language's texts loaded, as the app has them once chosen.
import { LOCALES } from "../src/i18n/locale.ts";
import { loadMessages } from "../src/i18n/messages.ts";

await Promise.all(LOCALES.map((locale) => loadMessages(locale)));
