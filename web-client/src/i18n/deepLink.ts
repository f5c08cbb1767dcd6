// The texts of deep links (issue 15): the note when a link could not be used, and the agency a link
// opened. A catalogue of its own, loaded with domain/deepLinkResolve.ts only when the address
// carries a link; test/i18n.test.ts holds it to the main catalogues' rules.
import type { Locale } from "./locale.ts";

export type DeepLinkMessages = {
  /** A link with values that could not be used: the normal start, gently. */
  note: string;
  /** The link's agency ("Sie möchten X in Y schreiben"). */
  pinned: (name: string, city: string) => string;
  showAll: string;
};

export const deepLinkCatalogues: Record<Locale, DeepLinkMessages> = {
  "de-sie": {
    note: "Der Link war nicht ganz vollständig. Sie können hier ganz normal beginnen.",
    pinned: (name, city) => `Sie möchten ${name} in ${city} schreiben. Wählen Sie ein Thema und geben Sie Ihre Postleitzahl ein.`,
    showAll: "Alle Beratungsstellen zeigen",
  },
  "de-du": {
    note: "Der Link war nicht ganz vollständig. Du kannst hier ganz normal beginnen.",
    pinned: (name, city) => `Du möchtest ${name} in ${city} schreiben. Wähl ein Thema und gib deine Postleitzahl ein.`,
    showAll: "Alle Beratungsstellen zeigen",
  },
  en: {
    note: "The link was not quite complete. You can simply start here.",
    pinned: (name, city) => `You would like to write to ${name} in ${city}. Pick a topic and enter your postcode.`,
    showAll: "Show all counseling services",
  },
  "de-leicht": {
    note: "Die Internet-Adresse war nicht ganz richtig. Das ist nicht schlimm. Sie können hier ganz normal anfangen.",
    pinned: (name, city) =>
      `Sie möchten an ${name} in ${city} schreiben. Wählen Sie ein Thema. Schreiben Sie dann Ihre Post-Leit-Zahl in das Feld.`,
    showAll: "Alle Beratungs-Stellen zeigen",
  },
  tr: {
    note: "Bağlantı tam değildi. Burada her zamanki gibi başlayabilirsiniz.",
    pinned: (name, city) => `${city} şehrindeki ${name} adlı danışma merkezine yazmak istiyorsunuz. Bir konu seçin ve posta kodunuzu girin.`,
    showAll: "Tüm danışma merkezlerini göster",
  },
  ar: {
    note: "الرابط لم يكن كاملًا تمامًا. يمكنك أن تبدأ من هنا بشكل عادي.",
    pinned: (name, city) => `تريد الكتابة إلى ${name} في ${city}. اختر موضوعًا وأدخل الرمز البريدي.`,
    showAll: "عرض كل مراكز الاستشارة",
  },
  uk: {
    note: "Посилання було не зовсім повним. Ви можете просто почати тут.",
    pinned: (name, city) => `Ви хочете написати до консультаційного центру «${name}» (місто ${city}). Оберіть тему та введіть свій поштовий індекс.`,
    showAll: "Показати всі консультаційні центри",
  },
};
