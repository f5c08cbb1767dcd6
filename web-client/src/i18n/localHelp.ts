// The texts of "Beratung vor Ort" on the case page (issue 15): the agency's on-site details, nearby
// agencies and the counselor's recommendations. A catalogue of its own, like calls.ts, because
// only ui/LocalHelp.tsx uses it and that view is loaded after sign-in: these texts never weigh on
// the first page. test/i18n.test.ts holds them to the main catalogues' rules.
import type { Locale } from "./locale.ts";

export type LocalHelpMessages = {
  heading: string;
  lead: string;
  loading: string;
  failed: string;
  retry: string;
  yourAgency: string;
  address: string;
  phone: string;
  openingHours: string;
  website: string;
  accessibility: string;
  services: string;
  /** Shown for agencies that counsel on site only. */
  onSiteOnly: string;
  nothingListed: string;
  nearbyHeading: string;
  nearbyNone: string;
  recommendedHeading: string;
  /** Before the counselor's note. */
  recommendedNote: string;
};

const deSie: LocalHelpMessages = {
  heading: "Beratung vor Ort",
  lead: "Sie können auch persönlich hingehen. Hier finden Sie, was Sie dafür brauchen.",
  loading: "Angaben werden geladen …",
  failed: "Die Angaben konnten nicht geladen werden.",
  retry: "Noch einmal versuchen",
  yourAgency: "Ihre Beratungsstelle",
  address: "Adresse",
  phone: "Telefon",
  openingHours: "Öffnungszeiten",
  website: "Internetseite",
  accessibility: "Barrierefreiheit",
  services: "Angebote vor Ort",
  onSiteOnly: "Nur vor Ort, nicht online",
  nothingListed: "Die Beratungsstelle hat dazu noch nichts eingetragen.",
  nearbyHeading: "Weitere Beratungsstellen in Ihrer Nähe",
  nearbyNone: "In Ihrer Nähe ist keine weitere Beratungsstelle zu diesem Thema eingetragen.",
  recommendedHeading: "Empfohlen von Ihrer Beratung",
  recommendedNote: "Hinweis Ihrer Beratung:",
};

const deDu: LocalHelpMessages = {
  heading: "Beratung vor Ort",
  lead: "Du kannst auch persönlich hingehen. Hier findest du, was du dafür brauchst.",
  loading: "Angaben werden geladen …",
  failed: "Die Angaben konnten nicht geladen werden.",
  retry: "Noch einmal versuchen",
  yourAgency: "Deine Beratungsstelle",
  address: "Adresse",
  phone: "Telefon",
  openingHours: "Öffnungszeiten",
  website: "Internetseite",
  accessibility: "Barrierefreiheit",
  services: "Angebote vor Ort",
  onSiteOnly: "Nur vor Ort, nicht online",
  nothingListed: "Die Beratungsstelle hat dazu noch nichts eingetragen.",
  nearbyHeading: "Weitere Beratungsstellen in deiner Nähe",
  nearbyNone: "In deiner Nähe ist keine weitere Beratungsstelle zu diesem Thema eingetragen.",
  recommendedHeading: "Empfohlen von deiner Beratung",
  recommendedNote: "Hinweis deiner Beratung:",
};

const en: LocalHelpMessages = {
  heading: "Counseling in person",
  lead: "You can also go there in person. Here is what you need for a visit.",
  loading: "Loading the details …",
  failed: "The details could not be loaded.",
  retry: "Try again",
  yourAgency: "Your counseling service",
  address: "Address",
  phone: "Phone",
  openingHours: "Opening hours",
  website: "Website",
  accessibility: "Accessibility",
  services: "Offered on site",
  onSiteOnly: "In person only, not online",
  nothingListed: "The counseling service has not entered anything about this yet.",
  nearbyHeading: "Other counseling services near you",
  nearbyNone: "No other counseling service near you is listed for this topic.",
  recommendedHeading: "Recommended by your counselor",
  recommendedNote: "Your counselor's note:",
};

const deLeicht: LocalHelpMessages = {
  heading: "Beratung vor Ort",
  lead: "Sie können auch zur Beratungs-Stelle hingehen. Dann sprechen Sie dort mit einer Fach-Person. Hier steht alles, was Sie dafür wissen müssen.",
  loading: "Die Angaben werden geladen …",
  failed: "Wir können die Angaben gerade nicht zeigen.",
  retry: "Noch einmal versuchen",
  yourAgency: "Ihre Beratungs-Stelle",
  address: "Adresse",
  phone: "Telefon",
  openingHours: "Wann ist die Beratungs-Stelle offen?",
  website: "Internet-Seite",
  accessibility: "Barriere-Freiheit: So können alle Menschen gut hinkommen",
  services: "Das gibt es vor Ort",
  onSiteOnly: "Nur vor Ort. Nicht im Internet.",
  nothingListed: "Die Beratungs-Stelle hat dazu noch nichts geschrieben.",
  nearbyHeading: "Andere Beratungs-Stellen in Ihrer Nähe",
  nearbyNone: "In Ihrer Nähe gibt es keine andere Beratungs-Stelle für dieses Thema.",
  recommendedHeading: "Tipps von Ihrer Beratung",
  recommendedNote: "Das schreibt Ihre Beratung dazu:",
};

const tr: LocalHelpMessages = {
  heading: "Yüz yüze danışmanlık",
  lead: "Danışma merkezine bizzat da gidebilirsiniz. Bunun için gereken her şeyi burada bulabilirsiniz.",
  loading: "Bilgiler yükleniyor …",
  failed: "Bilgiler yüklenemedi.",
  retry: "Tekrar dene",
  yourAgency: "Danışma merkeziniz",
  address: "Adres",
  phone: "Telefon",
  openingHours: "Çalışma saatleri",
  website: "İnternet sitesi",
  accessibility: "Erişilebilirlik",
  services: "Yerinde sunulanlar",
  onSiteOnly: "Yalnızca yüz yüze, çevrim içi değil",
  nothingListed: "Danışma merkezi bu konuda henüz bir bilgi girmedi.",
  nearbyHeading: "Size yakın diğer danışma merkezleri",
  nearbyNone: "Size yakın yerde bu konu için başka bir danışma merkezi kayıtlı değil.",
  recommendedHeading: "Danışmanınızın önerileri",
  recommendedNote: "Danışmanınızın notu:",
};

const ar: LocalHelpMessages = {
  heading: "الاستشارة الحضورية",
  lead: "يمكنك أيضًا الذهاب إلى مركز الاستشارة بنفسك. هنا تجد كل ما تحتاج إليه لذلك.",
  loading: "جارٍ تحميل المعلومات …",
  failed: "تعذّر تحميل المعلومات.",
  retry: "المحاولة مرة أخرى",
  yourAgency: "مركز الاستشارة الخاص بك",
  address: "العنوان",
  phone: "الهاتف",
  openingHours: "أوقات الدوام",
  website: "الموقع الإلكتروني",
  accessibility: "سهولة الوصول",
  services: "ما يُقدَّم في المركز",
  onSiteOnly: "حضوريًا فقط، وليس عبر الإنترنت",
  nothingListed: "لم يُدخل مركز الاستشارة معلومات عن ذلك بعد.",
  nearbyHeading: "مراكز استشارة أخرى قريبة منك",
  nearbyNone: "لا يوجد مركز استشارة آخر مسجّل لهذا الموضوع بالقرب منك.",
  recommendedHeading: "بتوصية من مستشارك",
  recommendedNote: "ملاحظة مستشارك:",
};

const uk: LocalHelpMessages = {
  heading: "Консультація на місці",
  lead: "Ви можете також прийти особисто. Тут Ви знайдете все, що для цього потрібно.",
  loading: "Дані завантажуються …",
  failed: "Не вдалося завантажити дані.",
  retry: "Спробувати ще раз",
  yourAgency: "Ваш консультаційний центр",
  address: "Адреса",
  phone: "Телефон",
  openingHours: "Години роботи",
  website: "Вебсайт",
  accessibility: "Доступність",
  services: "Що пропонують на місці",
  onSiteOnly: "Лише на місці, не онлайн",
  nothingListed: "Консультаційний центр ще нічого про це не вказав.",
  nearbyHeading: "Інші консультаційні центри поруч із Вами",
  nearbyNone: "Поруч із Вами немає іншого консультаційного центру з цієї теми.",
  recommendedHeading: "Рекомендує Ваша консультація",
  recommendedNote: "Примітка Вашої консультації:",
};

export const localHelpCatalogues: Record<Locale, LocalHelpMessages> = {
  "de-sie": deSie,
  "de-du": deDu,
  "de-leicht": deLeicht,
  en,
  tr,
  ar,
  uk,
};
