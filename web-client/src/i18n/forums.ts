// The texts of the peer-exchange forums ("Austausch"), one catalogue per language like messages.ts.
// A catalogue of its own because only the forum screens use it, and they are loaded on demand
// (ui/lazyForums.tsx): these texts never weigh on the first page. test/i18n.test.ts holds them to
// the same rules as the main catalogues (same keys everywhere, no empty text, no protocol words,
// "Sie" and "du" kept apart).
import type { Locale } from "./locale.ts";

export type ForumReasonKey = "spam" | "insult" | "danger" | "personal_data" | "other";

export type ForumMessages = {
  heading: string;
  lead: string;
  listLabel: string;
  loading: string;
  loadFailed: string;
  tryAgain: string;
  /** "12 Themen" */
  threadCount: (n: number) => string;
  /** "zuletzt aktiv am 3. Dezember" */
  lastActive: (date: string) => string;
  noActivity: string;
  backToList: string;
  forumHeading: (topic: string) => string;
  notEncrypted: string;
  encryptedCountsOnly: (n: number) => string;
  noThreads: string;
  threadsLabel: string;
  replies: (n: number) => string;
  visitorHint: string;
  signInToJoin: string;
  join: string;
  joining: string;
  joinFailed: string;
  temporaryRefused: string;
  newThreadHeading: string;
  titleLabel: string;
  textLabel: string;
  startThread: string;
  titleMissing: string;
  backToThreads: string;
  threadRepliesLabel: string;
  replyLabel: string;
  sendReply: string;
  member: string;
  you: string;
  report: string;
  reportHeading: string;
  reportQuestion: string;
  reasonLegend: string;
  reasons: Record<ForumReasonKey, string>;
  reportConfirm: string;
  reportCancel: string;
  reportDone: string;
  reportFailed: string;
  reportTooMany: string;
  personalCounseling: string;
  personalCounselingLead: string;
  sending: string;
  notSent: string;
};

const deSie: ForumMessages = {
  heading: "Austausch",
  lead: "Hier schreiben sich Menschen mit ähnlichen Fragen gegenseitig, unter ihrem gewählten Namen. Beraterinnen und Berater lesen mit und achten auf einen freundlichen Ton.",
  listLabel: "Austausch nach Themen",
  loading: "Wird geladen …",
  loadFailed: "Das hat gerade nicht geklappt.",
  tryAgain: "Noch einmal versuchen",
  threadCount: (n) => (n === 1 ? "1 Thema" : `${n} Themen`),
  lastActive: (date) => `zuletzt aktiv am ${date}`,
  noActivity: "noch keine Beiträge",
  backToList: "Zurück zu allen Themen",
  forumHeading: (topic) => `Austausch: ${topic}`,
  notEncrypted:
    "Andere Mitglieder und die Moderation können hier mitlesen. Dieser Austausch ist nicht Ende-zu-Ende-verschlüsselt. Schreiben Sie nichts, woran man Sie oder andere erkennen kann.",
  encryptedCountsOnly: (n) => `Dieser Austausch ist verschlüsselt. Die Überschriften sehen nur Mitglieder. Bisher gibt es ${n === 1 ? "1 Thema" : `${n} Themen`}.`,
  noThreads: "Hier hat noch niemand geschrieben. Sie können das erste Thema beginnen.",
  threadsLabel: "Themen in diesem Austausch",
  replies: (n) => (n === 1 ? "1 Antwort" : `${n} Antworten`),
  visitorHint: "Sie sehen nur die Überschriften. Zum Lesen und Schreiben melden Sie sich an.",
  signInToJoin: "Anmelden und mitmachen",
  join: "Beitreten und mitlesen",
  joining: "Sie werden aufgenommen …",
  joinFailed: "Das Beitreten hat nicht geklappt. Bitte versuchen Sie es gleich noch einmal.",
  temporaryRefused: "Beim Live-Chat ohne Anmeldung geht das nicht. Behalten Sie zuerst Ihren Zugang mit einem Passwort.",
  newThreadHeading: "Neues Thema beginnen",
  titleLabel: "Überschrift",
  textLabel: "Ihr Beitrag",
  startThread: "Thema beginnen",
  titleMissing: "Bitte geben Sie eine Überschrift ein.",
  backToThreads: "Zurück zu den Themen",
  threadRepliesLabel: "Antworten",
  replyLabel: "Ihre Antwort",
  sendReply: "Antworten",
  member: "Mitglied",
  you: "Sie",
  report: "Melden",
  reportHeading: "Beitrag melden",
  reportQuestion: "Möchten Sie diesen Beitrag der Moderation melden? Die Moderation sieht dann nach. Wer gemeldet hat, erfährt niemand.",
  reasonLegend: "Warum melden Sie den Beitrag?",
  reasons: {
    spam: "Werbung oder Spam",
    insult: "Beleidigung oder Herabsetzung",
    danger: "Jemand ist in Gefahr",
    personal_data: "Persönliche Daten von jemandem",
    other: "Ein anderer Grund",
  },
  reportConfirm: "Ja, melden",
  reportCancel: "Abbrechen",
  reportDone: "Danke. Die Moderation sieht sich den Beitrag an.",
  reportFailed: "Das Melden hat nicht geklappt. Bitte versuchen Sie es noch einmal.",
  reportTooMany: "Sie haben in der letzten Stunde schon viele Beiträge gemeldet. Bitte warten Sie etwas.",
  personalCounseling: "Ich möchte persönlich beraten werden",
  personalCounselingLead: "Lieber allein mit einer Beraterin oder einem Berater sprechen? Das geht anonym und kostenlos.",
  sending: "wird gesendet …",
  notSent: "nicht gesendet",
};

const deDu: ForumMessages = {
  ...deSie,
  lead: "Hier schreiben sich Menschen mit ähnlichen Fragen gegenseitig, unter ihrem gewählten Namen. Beraterinnen und Berater lesen mit und achten auf einen freundlichen Ton.",
  notEncrypted:
    "Andere Mitglieder und die Moderation können hier mitlesen. Dieser Austausch ist nicht Ende-zu-Ende-verschlüsselt. Schreib nichts, woran man dich oder andere erkennen kann.",
  noThreads: "Hier hat noch niemand geschrieben. Du kannst das erste Thema beginnen.",
  visitorHint: "Du siehst nur die Überschriften. Zum Lesen und Schreiben melde dich an.",
  joining: "Du wirst aufgenommen …",
  joinFailed: "Das Beitreten hat nicht geklappt. Bitte versuch es gleich noch einmal.",
  temporaryRefused: "Beim Live-Chat ohne Anmeldung geht das nicht. Behalte zuerst deinen Zugang mit einem Passwort.",
  textLabel: "Dein Beitrag",
  titleMissing: "Bitte gib eine Überschrift ein.",
  replyLabel: "Deine Antwort",
  you: "Du",
  reportQuestion: "Möchtest du diesen Beitrag der Moderation melden? Die Moderation sieht dann nach. Wer gemeldet hat, erfährt niemand.",
  reasonLegend: "Warum meldest du den Beitrag?",
  reportFailed: "Das Melden hat nicht geklappt. Bitte versuch es noch einmal.",
  reportTooMany: "Du hast in der letzten Stunde schon viele Beiträge gemeldet. Bitte warte etwas.",
};

const en: ForumMessages = {
  heading: "Exchange",
  lead: "Here people with similar questions write to each other under the name they chose. Counselors read along and keep the tone friendly.",
  listLabel: "Exchange by topic",
  loading: "Loading …",
  loadFailed: "That did not work just now.",
  tryAgain: "Try again",
  threadCount: (n) => (n === 1 ? "1 thread" : `${n} threads`),
  lastActive: (date) => `last active on ${date}`,
  noActivity: "no posts yet",
  backToList: "Back to all topics",
  forumHeading: (topic) => `Exchange: ${topic}`,
  notEncrypted:
    "Other members and the moderators can read along here. This exchange is not end-to-end encrypted. Do not write anything that makes you or others recognisable.",
  encryptedCountsOnly: (n) => `This exchange is encrypted. Only members see the titles. There ${n === 1 ? "is 1 thread" : `are ${n} threads`} so far.`,
  noThreads: "Nobody has written here yet. You can start the first thread.",
  threadsLabel: "Threads in this exchange",
  replies: (n) => (n === 1 ? "1 reply" : `${n} replies`),
  visitorHint: "You only see the titles. Sign in to read and write.",
  signInToJoin: "Sign in and take part",
  join: "Join and read along",
  joining: "You are being added …",
  joinFailed: "Joining did not work. Please try again in a moment.",
  temporaryRefused: "This is not possible in a live chat without registration. Keep your access with a password first.",
  newThreadHeading: "Start a new thread",
  titleLabel: "Title",
  textLabel: "Your post",
  startThread: "Start thread",
  titleMissing: "Please enter a title.",
  backToThreads: "Back to the threads",
  threadRepliesLabel: "Replies",
  replyLabel: "Your reply",
  sendReply: "Reply",
  member: "Member",
  you: "You",
  report: "Report",
  reportHeading: "Report post",
  reportQuestion: "Do you want to report this post to the moderators? They will take a look. Nobody learns who reported it.",
  reasonLegend: "Why are you reporting the post?",
  reasons: {
    spam: "Advertising or spam",
    insult: "Insult or contempt",
    danger: "Someone is in danger",
    personal_data: "Someone's personal data",
    other: "Another reason",
  },
  reportConfirm: "Yes, report",
  reportCancel: "Cancel",
  reportDone: "Thank you. The moderators will look at the post.",
  reportFailed: "Reporting did not work. Please try again.",
  reportTooMany: "You have reported many posts in the last hour. Please wait a little.",
  personalCounseling: "I would like personal counseling",
  personalCounselingLead: "Would you rather talk to a counselor on your own? It is anonymous and free.",
  sending: "sending …",
  notSent: "not sent",
};

/** Ukrainian plural forms: 1 тема, 2–4 теми, 5+ тем (11–14 → тем). */
function ukPlural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** Arabic number agreement: 1 and 2 have words of their own, 3–10 the plural, 11+ the singular accusative. */
function arCount(n: number, one: string, two: string, plural: string, many: string): string {
  if (n === 1) return one;
  if (n === 2) return two;
  if (n === 0) return `0 ${plural}`;
  const m100 = n % 100;
  if (m100 >= 3 && m100 <= 10) return `${n} ${plural}`;
  return `${n} ${many}`;
}

const deLeicht: ForumMessages = {
  heading: "Austausch mit anderen",
  lead: "Hier schreiben sich Menschen. Sie haben ähnliche Fragen wie Sie. Jeder schreibt mit einem ausgedachten Namen. Berater und Beraterinnen lesen mit. Sie achten darauf: Alle sind freundlich.",
  listLabel: "Austausch nach Themen",
  loading: "Bitte warten. Die Seite lädt.",
  loadFailed: "Das hat nicht geklappt.",
  tryAgain: "Noch einmal versuchen",
  threadCount: (n) => (n === 1 ? "1 Thema" : `${n} Themen`),
  lastActive: (date) => `Zuletzt geschrieben am ${date}`,
  noActivity: "Noch keine Nachrichten",
  backToList: "Zurück zu allen Themen",
  forumHeading: (topic) => `Austausch: ${topic}`,
  notEncrypted:
    "Achtung: Andere können hier mitlesen. Das sind die anderen Mitglieder. Und die Aufsicht. Die Aufsicht passt auf den Austausch auf. Ihre Nachrichten sind hier nicht verschlüsselt. Das heißt: Andere können sie lesen. Schreiben Sie darum nichts, woran man Sie erkennt. Und nichts, woran man andere erkennt.",
  encryptedCountsOnly: (n) =>
    `Dieser Austausch ist verschlüsselt. Das heißt: Nur Mitglieder können ihn lesen. Nur Mitglieder sehen die Überschriften. Hier gibt es ${n === 1 ? "1 Thema" : `${n} Themen`}.`,
  noThreads: "Hier hat noch niemand geschrieben. Sie können als Erste oder Erster schreiben.",
  threadsLabel: "Themen in diesem Austausch",
  replies: (n) => (n === 1 ? "1 Antwort" : `${n} Antworten`),
  visitorHint: "Sie sehen nur die Überschriften. Sie möchten lesen und schreiben? Dann melden Sie sich an.",
  signInToJoin: "Anmelden und mitmachen",
  join: "Mitmachen und mitlesen",
  joining: "Bitte warten. Sie werden Mitglied.",
  joinFailed: "Das hat nicht geklappt. Bitte versuchen Sie es gleich noch einmal.",
  temporaryRefused:
    "Sie schreiben gerade ohne Anmeldung. Dann geht das nicht. Legen Sie zuerst ein Passwort fest. Dann bleibt Ihr Zugang.",
  newThreadHeading: "Neues Thema anfangen",
  titleLabel: "Überschrift",
  textLabel: "Ihre Nachricht",
  startThread: "Thema anfangen",
  titleMissing: "Bitte schreiben Sie eine Überschrift.",
  backToThreads: "Zurück zu den Themen",
  threadRepliesLabel: "Antworten",
  replyLabel: "Ihre Antwort",
  sendReply: "Antwort schicken",
  member: "Mitglied",
  you: "Sie",
  report: "Melden",
  reportHeading: "Nachricht melden",
  reportQuestion:
    "Stimmt etwas nicht mit dieser Nachricht? Dann können Sie die Nachricht melden. Die Aufsicht sieht sich die Nachricht dann an. Niemand erfährt: Sie haben die Nachricht gemeldet.",
  reasonLegend: "Warum melden Sie die Nachricht?",
  reasons: {
    spam: "Jemand macht Werbung",
    insult: "Jemand ist gemein oder beleidigt andere",
    danger: "Jemand ist in Gefahr",
    personal_data: "Jemand verrät Dinge über eine Person. Zum Beispiel den Namen oder die Adresse.",
    other: "Ein anderer Grund",
  },
  reportConfirm: "Ja, melden",
  reportCancel: "Nein, nicht melden",
  reportDone: "Danke. Die Aufsicht sieht sich die Nachricht an.",
  reportFailed: "Das Melden hat nicht geklappt. Bitte versuchen Sie es noch einmal.",
  reportTooMany: "Sie haben in der letzten Stunde schon viel gemeldet. Bitte warten Sie ein bisschen.",
  personalCounseling: "Ich möchte allein mit einer Beraterin oder einem Berater sprechen",
  personalCounselingLead:
    "Sie möchten lieber allein mit jemandem sprechen? Das geht auch. Niemand erfährt Ihren Namen. Es kostet nichts.",
  sending: "Wird geschickt …",
  notSent: "Nicht geschickt",
};

const tr: ForumMessages = {
  heading: "Paylaşım",
  lead: "Burada benzer soruları olan insanlar, seçtikleri adla birbirlerine yazar. Danışmanlar yazılanları okur ve nazik bir dil korunmasına dikkat eder.",
  listLabel: "Konulara göre paylaşım",
  loading: "Yükleniyor …",
  loadFailed: "Bu şu anda olmadı.",
  tryAgain: "Tekrar dene",
  threadCount: (n) => `${n} konu`,
  lastActive: (date) => `son etkinlik: ${date}`,
  noActivity: "henüz yazı yok",
  backToList: "Tüm konulara dön",
  forumHeading: (topic) => `Paylaşım: ${topic}`,
  notEncrypted:
    "Burada yazılanları diğer üyeler ve moderatörler okuyabilir. Bu paylaşım alanı uçtan uca şifreli değildir. Sizi veya başkalarını tanınır kılacak hiçbir şey yazmayın.",
  encryptedCountsOnly: (n) => `Bu paylaşım alanı şifrelidir. Başlıkları yalnızca üyeler görür. Şu ana kadar ${n} konu var.`,
  noThreads: "Burada henüz kimse yazmadı. İlk konuyu siz başlatabilirsiniz.",
  threadsLabel: "Bu paylaşım alanındaki konular",
  replies: (n) => `${n} yanıt`,
  visitorHint: "Yalnızca başlıkları görüyorsunuz. Okumak ve yazmak için giriş yapın.",
  signInToJoin: "Giriş yap ve katıl",
  join: "Katıl ve oku",
  joining: "Ekleniyorsunuz …",
  joinFailed: "Katılma olmadı. Lütfen birazdan tekrar deneyin.",
  temporaryRefused: "Hesapsız canlı sohbette bu mümkün değil. Önce erişiminizi bir parolayla kalıcı hale getirin.",
  newThreadHeading: "Yeni konu başlat",
  titleLabel: "Başlık",
  textLabel: "Yazınız",
  startThread: "Konuyu başlat",
  titleMissing: "Lütfen bir başlık girin.",
  backToThreads: "Konulara dön",
  threadRepliesLabel: "Yanıtlar",
  replyLabel: "Yanıtınız",
  sendReply: "Yanıtla",
  member: "Üye",
  you: "Siz",
  report: "Bildir",
  reportHeading: "Yazıyı bildir",
  reportQuestion:
    "Bu yazıyı moderatörlere bildirmek istiyor musunuz? Moderatörler yazıya bakar. Kimin bildirdiğini kimse öğrenmez.",
  reasonLegend: "Yazıyı neden bildiriyorsunuz?",
  reasons: {
    spam: "Reklam veya istenmeyen ileti",
    insult: "Hakaret veya aşağılama",
    danger: "Birisi tehlikede",
    personal_data: "Birinin kişisel bilgileri",
    other: "Başka bir neden",
  },
  reportConfirm: "Evet, bildir",
  reportCancel: "Vazgeç",
  reportDone: "Teşekkürler. Moderatörler yazıya bakacak.",
  reportFailed: "Bildirme olmadı. Lütfen tekrar deneyin.",
  reportTooMany: "Son bir saatte çok sayıda yazı bildirdiniz. Lütfen biraz bekleyin.",
  personalCounseling: "Kişisel danışmanlık almak istiyorum",
  personalCounselingLead: "Bir danışmanla baş başa konuşmayı mı tercih edersiniz? Bu, adınızı vermeden ve ücretsiz mümkündür.",
  sending: "gönderiliyor …",
  notSent: "gönderilmedi",
};

const ar: ForumMessages = {
  heading: "تبادل التجارب",
  lead: "هنا يكتب أشخاص لديهم أسئلة متشابهة بعضهم إلى بعض، بالاسم الذي اختاروه. يقرأ المستشارون والمستشارات ما يُكتب ويحرصون على أسلوب ودّي.",
  listLabel: "تبادل التجارب حسب المواضيع",
  loading: "جارٍ التحميل …",
  loadFailed: "لم ينجح ذلك الآن.",
  tryAgain: "حاول مرة أخرى",
  threadCount: (n) => arCount(n, "موضوع واحد", "موضوعان", "مواضيع", "موضوعًا"),
  lastActive: (date) => `آخر نشاط في ${date}`,
  noActivity: "لا توجد مشاركات بعد",
  backToList: "العودة إلى كل المواضيع",
  forumHeading: (topic) => `تبادل التجارب: ${topic}`,
  notEncrypted:
    "يستطيع الأعضاء الآخرون والمشرفون قراءة ما يُكتب هنا. هذا التبادل غير مشفّر من طرف إلى طرف. لا تكتب شيئًا يمكن أن يُعرف منه أنت أو غيرك.",
  encryptedCountsOnly: (n) =>
    `هذا التبادل مشفّر. لا يرى العناوين إلا الأعضاء. عدد المواضيع حتى الآن: ${n}.`,
  noThreads: "لم يكتب أحد هنا بعد. يمكنك أن تبدأ الموضوع الأول.",
  threadsLabel: "المواضيع في هذا التبادل",
  replies: (n) => arCount(n, "رد واحد", "ردّان", "ردود", "ردًا"),
  visitorHint: "ترى العناوين فقط. سجّل الدخول لتقرأ وتكتب.",
  signInToJoin: "سجّل الدخول وشارك",
  join: "انضم واقرأ",
  joining: "تجري إضافتك …",
  joinFailed: "لم ينجح الانضمام. يرجى المحاولة مرة أخرى بعد قليل.",
  temporaryRefused: "هذا غير ممكن في الدردشة المباشرة دون تسجيل. احتفظ أولًا بحسابك بكلمة مرور.",
  newThreadHeading: "ابدأ موضوعًا جديدًا",
  titleLabel: "العنوان",
  textLabel: "مشاركتك",
  startThread: "ابدأ الموضوع",
  titleMissing: "يرجى كتابة عنوان.",
  backToThreads: "العودة إلى المواضيع",
  threadRepliesLabel: "الردود",
  replyLabel: "ردّك",
  sendReply: "رُدّ",
  member: "عضو",
  you: "أنت",
  report: "إبلاغ",
  reportHeading: "الإبلاغ عن مشاركة",
  reportQuestion: "هل تريد إبلاغ المشرفين عن هذه المشاركة؟ سينظر المشرفون فيها. لن يعرف أحد من أبلغ عنها.",
  reasonLegend: "لماذا تبلّغ عن هذه المشاركة؟",
  reasons: {
    spam: "إعلان أو رسائل مزعجة",
    insult: "إهانة أو تحقير",
    danger: "شخص ما في خطر",
    personal_data: "بيانات شخصية لأحد الأشخاص",
    other: "سبب آخر",
  },
  reportConfirm: "نعم، أبلغ",
  reportCancel: "إلغاء",
  reportDone: "شكرًا. سينظر المشرفون في المشاركة.",
  reportFailed: "لم ينجح الإبلاغ. يرجى المحاولة مرة أخرى.",
  reportTooMany: "لقد أبلغت عن مشاركات كثيرة في الساعة الأخيرة. يرجى الانتظار قليلًا.",
  personalCounseling: "أريد استشارة شخصية",
  personalCounselingLead: "هل تفضّل التحدث وحدك مع مستشار أو مستشارة؟ هذا ممكن دون كشف هويتك ومجانًا.",
  sending: "جارٍ الإرسال …",
  notSent: "لم يُرسَل",
};

const uk: ForumMessages = {
  heading: "Обмін досвідом",
  lead: "Тут люди зі схожими питаннями пишуть одне одному під обраним ім'ям. Консультантки й консультанти читають дописи та стежать, щоб тон був доброзичливим.",
  listLabel: "Обмін досвідом за темами",
  loading: "Завантаження …",
  loadFailed: "Зараз це не вдалося.",
  tryAgain: "Спробувати ще раз",
  threadCount: (n) => `${n} ${ukPlural(n, "тема", "теми", "тем")}`,
  lastActive: (date) => `востаннє активна ${date}`,
  noActivity: "ще немає дописів",
  backToList: "Назад до всіх тем",
  forumHeading: (topic) => `Обмін досвідом: ${topic}`,
  notEncrypted:
    "Інші учасники та модератори можуть тут читати. Цей обмін не має наскрізного шифрування. Не пишіть нічого, за чим можна впізнати Вас або інших.",
  encryptedCountsOnly: (n) =>
    `Цей обмін зашифрований. Заголовки бачать лише учасники. Поки що тут ${n} ${ukPlural(n, "тема", "теми", "тем")}.`,
  noThreads: "Тут ще ніхто не писав. Ви можете почати першу тему.",
  threadsLabel: "Теми в цьому обміні",
  replies: (n) => `${n} ${ukPlural(n, "відповідь", "відповіді", "відповідей")}`,
  visitorHint: "Ви бачите лише заголовки. Щоб читати й писати, увійдіть.",
  signInToJoin: "Увійти й долучитися",
  join: "Долучитися й читати",
  joining: "Вас додають …",
  joinFailed: "Долучитися не вдалося. Будь ласка, спробуйте ще раз за хвилину.",
  temporaryRefused: "У живому чаті без реєстрації це неможливо. Спершу збережіть свій доступ за допомогою пароля.",
  newThreadHeading: "Почати нову тему",
  titleLabel: "Заголовок",
  textLabel: "Ваш допис",
  startThread: "Почати тему",
  titleMissing: "Будь ласка, введіть заголовок.",
  backToThreads: "Назад до тем",
  threadRepliesLabel: "Відповіді",
  replyLabel: "Ваша відповідь",
  sendReply: "Відповісти",
  member: "Учасник",
  you: "Ви",
  report: "Поскаржитися",
  reportHeading: "Поскаржитися на допис",
  reportQuestion:
    "Бажаєте повідомити модераторів про цей допис? Вони його переглянуть. Ніхто не дізнається, хто поскаржився.",
  reasonLegend: "Чому Ви скаржитеся на допис?",
  reasons: {
    spam: "Реклама або спам",
    insult: "Образа або приниження",
    danger: "Хтось у небезпеці",
    personal_data: "Чиїсь особисті дані",
    other: "Інша причина",
  },
  reportConfirm: "Так, поскаржитися",
  reportCancel: "Скасувати",
  reportDone: "Дякуємо. Модератори переглянуть допис.",
  reportFailed: "Поскаржитися не вдалося. Будь ласка, спробуйте ще раз.",
  reportTooMany: "За останню годину Ви вже поскаржилися на багато дописів. Будь ласка, трохи зачекайте.",
  personalCounseling: "Я хочу особисту консультацію",
  personalCounselingLead: "Бажаєте поговорити наодинці з консультанткою чи консультантом? Це анонімно й безкоштовно.",
  sending: "надсилається …",
  notSent: "не надіслано",
};

export const forumCatalogues: Record<Locale, ForumMessages> = {
  "de-sie": deSie,
  "de-du": deDu,
  "de-leicht": deLeicht,
  en,
  tr,
  ar,
  uk,
};
