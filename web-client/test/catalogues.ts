// Every language's catalogue at once, for the tests (the app itself loads one at a time through
// src/i18n/messages.ts; setup.ts loads them all there too, for code that calls messagesFor).
import type { Locale } from "../src/i18n/locale.ts";
import type { Messages } from "../src/i18n/messages.ts";
import { ar } from "../src/i18n/ar.ts";
import { deDu } from "../src/i18n/de-du.ts";
import { deLeicht } from "../src/i18n/de-leicht.ts";
import { deSie } from "../src/i18n/de-sie.ts";
import { en } from "../src/i18n/en.ts";
import { tr } from "../src/i18n/tr.ts";
import { uk } from "../src/i18n/uk.ts";

export const catalogues: Record<Locale, Messages> = { "de-sie": deSie, "de-du": deDu, "de-leicht": deLeicht, en, tr, ar, uk };
