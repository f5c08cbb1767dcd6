// The texts of calls (incoming call, in-call controls, errors, asking for a call), one catalogue per
// language like messages.ts (all seven here: the whole module comes after sign-in anyway). A catalogue of its own because only the call screen uses it, and that
// screen is loaded after sign-in with the chat engine: these texts never weigh on the first page.
// test/i18n.test.ts holds them to the same rules as the main catalogues (same keys everywhere, no
// empty text, no protocol words, "Sie" and "du" kept apart).
import type { Locale } from "./locale.ts";

export type CallMessages = {
  /** The call screen as a whole (dialog name). */
  callLabel: string;
  incomingHeading: string;
  /** The tab's title while it rings (seen in a background tab); no names, nothing of the case. */
  ringingTitle: string;
  /** The system notification's text while it rings in a background tab (if the browser allows notifications). */
  ringingNotice: string;
  incomingLead: (video: boolean) => string;
  acceptVideo: string;
  acceptAudio: string;
  decline: string;
  connecting: string;
  connectedHeading: string;
  /** "3:05" → "Dauer 3:05". */
  duration: (clock: string) => string;
  mute: string;
  cameraOff: string;
  hangUp: string;
  selfMuted: string;
  selfCameraOff: string;
  audioOnly: string;
  remoteMuted: string;
  remoteCameraOff: string;
  remoteVideoLabel: string;
  localVideoLabel: string;
  endedHeading: string;
  endYouHungUp: string;
  endTheyHungUp: string;
  endYouDeclined: string;
  endMissed: string;
  endAnsweredElsewhere: string;
  endFailed: string;
  problemMediaDenied: string;
  problemNoDevice: string;
  problemNoConnection: string;
  problemAnswerNotSent: string;
  close: string;
  /** Asking the counselor for a call, from the conversation. */
  requestButton: string;
  requestHint: string;
  /** The message the counselor reads (sent in the seeker's language, encrypted like every message). */
  requestMessage: string;
  requestSent: string;
  requestFailed: string;
};

const deSie: CallMessages = {
  callLabel: "Anruf",
  incomingHeading: "Ihre Beratung ruft an",
  ringingTitle: "📞 Es klingelt – Ihre Beratung ruft an",
  ringingNotice: "Wechseln Sie zu diesem Tab, um anzunehmen.",
  incomingLead: (video) =>
    video ? "Sie können mit Kamera annehmen oder nur mit Ton – wie es Ihnen lieber ist." : "Ein Anruf mit Ton, ohne Bild.",
  acceptVideo: "Mit Kamera annehmen",
  acceptAudio: "Nur mit Ton annehmen",
  decline: "Ablehnen",
  connecting: "Verbindung wird aufgebaut …",
  connectedHeading: "Gespräch mit Ihrer Beratung",
  duration: (clock) => `Dauer ${clock}`,
  mute: "Stumm",
  cameraOff: "Kamera aus",
  hangUp: "Auflegen",
  selfMuted: "Ihr Mikrofon ist aus.",
  selfCameraOff: "Ihre Kamera ist aus.",
  audioOnly: "Nur Ton",
  remoteMuted: "Ihre Beratung hat das Mikrofon ausgeschaltet.",
  remoteCameraOff: "Die Kamera Ihrer Beratung ist aus.",
  remoteVideoLabel: "Bild Ihrer Beratung",
  localVideoLabel: "Ihr eigenes Bild",
  endedHeading: "Anruf beendet",
  endYouHungUp: "Sie haben aufgelegt.",
  endTheyHungUp: "Ihre Beratung hat aufgelegt.",
  endYouDeclined: "Sie haben den Anruf abgelehnt. Sie können Ihrer Beratung schreiben, wann ein Anruf besser passt.",
  endMissed: "Ihre Beratung hat angerufen. Sie können um einen neuen Anruf bitten.",
  endAnsweredElsewhere: "Der Anruf wurde in einem anderen Fenster angenommen.",
  endFailed: "Der Anruf konnte nicht stattfinden.",
  problemMediaDenied:
    "Ihr Browser hat den Zugriff auf Mikrofon oder Kamera nicht erlaubt. Erlauben Sie ihn in den Einstellungen des Browsers (meist über das Symbol links neben der Adresse) und bitten Sie dann um einen neuen Anruf.",
  problemNoDevice: "Es wurde kein Mikrofon gefunden. Schließen Sie eines an oder nutzen Sie ein Handy oder einen anderen Computer.",
  problemNoConnection:
    "Die Verbindung kam nicht zustande. Vielleicht lässt das Netz, in dem Sie gerade sind, keine Anrufe zu. Schreiben Sie Ihrer Beratung – Sie können es später noch einmal versuchen.",
  problemAnswerNotSent: "Das Annehmen ist nicht bei Ihrer Beratung angekommen. Ihre Beratung kann Sie noch einmal anrufen – oder Sie bitten später um einen Anruf.",
  close: "Schließen",
  requestButton: "Um einen Anruf bitten",
  requestHint: "Ihre Beratung ruft Sie dann hier an – mit Bild oder nur mit Ton, wie Sie möchten.",
  requestMessage: "Ich würde gern telefonieren. Ein Anruf hier im Gespräch wäre schön, wenn es passt.",
  requestSent: "Ihre Bitte ist gesendet. Wenn Ihre Beratung anruft, klingelt es hier.",
  requestFailed: "Die Bitte konnte nicht gesendet werden. Bitte versuchen Sie es noch einmal.",
};

const deDu: CallMessages = {
  callLabel: "Anruf",
  incomingHeading: "Deine Beratung ruft an",
  ringingTitle: "📞 Es klingelt – deine Beratung ruft an",
  ringingNotice: "Wechsle zu diesem Tab, um anzunehmen.",
  incomingLead: (video) =>
    video ? "Du kannst mit Kamera annehmen oder nur mit Ton – wie es dir lieber ist." : "Ein Anruf mit Ton, ohne Bild.",
  acceptVideo: "Mit Kamera annehmen",
  acceptAudio: "Nur mit Ton annehmen",
  decline: "Ablehnen",
  connecting: "Verbindung wird aufgebaut …",
  connectedHeading: "Gespräch mit deiner Beratung",
  duration: (clock) => `Dauer ${clock}`,
  mute: "Stumm",
  cameraOff: "Kamera aus",
  hangUp: "Auflegen",
  selfMuted: "Dein Mikrofon ist aus.",
  selfCameraOff: "Deine Kamera ist aus.",
  audioOnly: "Nur Ton",
  remoteMuted: "Deine Beratung hat das Mikrofon ausgeschaltet.",
  remoteCameraOff: "Die Kamera deiner Beratung ist aus.",
  remoteVideoLabel: "Bild deiner Beratung",
  localVideoLabel: "Dein eigenes Bild",
  endedHeading: "Anruf beendet",
  endYouHungUp: "Du hast aufgelegt.",
  endTheyHungUp: "Deine Beratung hat aufgelegt.",
  endYouDeclined: "Du hast den Anruf abgelehnt. Du kannst deiner Beratung schreiben, wann ein Anruf besser passt.",
  endMissed: "Deine Beratung hat angerufen. Du kannst um einen neuen Anruf bitten.",
  endAnsweredElsewhere: "Der Anruf wurde in einem anderen Fenster angenommen.",
  endFailed: "Der Anruf konnte nicht stattfinden.",
  problemMediaDenied:
    "Dein Browser hat den Zugriff auf Mikrofon oder Kamera nicht erlaubt. Erlaube ihn in den Einstellungen des Browsers (meist über das Symbol links neben der Adresse) und bitte dann um einen neuen Anruf.",
  problemNoDevice: "Es wurde kein Mikrofon gefunden. Schließ eines an oder nutze ein Handy oder einen anderen Computer.",
  problemNoConnection:
    "Die Verbindung kam nicht zustande. Vielleicht lässt das Netz, in dem du gerade bist, keine Anrufe zu. Schreib deiner Beratung – ihr könnt es später noch einmal versuchen.",
  problemAnswerNotSent: "Das Annehmen ist nicht bei deiner Beratung angekommen. Deine Beratung kann dich noch einmal anrufen – oder du bittest später um einen Anruf.",
  close: "Schließen",
  requestButton: "Um einen Anruf bitten",
  requestHint: "Deine Beratung ruft dich dann hier an – mit Bild oder nur mit Ton, wie du möchtest.",
  requestMessage: "Ich würde gern telefonieren. Ein Anruf hier im Gespräch wäre schön, wenn es passt.",
  requestSent: "Deine Bitte ist gesendet. Wenn deine Beratung anruft, klingelt es hier.",
  requestFailed: "Die Bitte konnte nicht gesendet werden. Bitte versuch es noch einmal.",
};

const en: CallMessages = {
  callLabel: "Call",
  incomingHeading: "Your counselor is calling",
  ringingTitle: "📞 Ringing – your counselor is calling",
  ringingNotice: "Switch to this tab to answer.",
  incomingLead: (video) => (video ? "You can answer with your camera or with sound only – whichever you prefer." : "A call with sound, no picture."),
  acceptVideo: "Answer with camera",
  acceptAudio: "Answer with sound only",
  decline: "Decline",
  connecting: "Connecting …",
  connectedHeading: "Call with your counselor",
  duration: (clock) => `Duration ${clock}`,
  mute: "Mute",
  cameraOff: "Camera off",
  hangUp: "Hang up",
  selfMuted: "Your microphone is off.",
  selfCameraOff: "Your camera is off.",
  audioOnly: "Sound only",
  remoteMuted: "Your counselor has turned their microphone off.",
  remoteCameraOff: "Your counselor's camera is off.",
  remoteVideoLabel: "Your counselor's picture",
  localVideoLabel: "Your own picture",
  endedHeading: "Call ended",
  endYouHungUp: "You hung up.",
  endTheyHungUp: "Your counselor hung up.",
  endYouDeclined: "You declined the call. You can write to your counselor when a call would suit you better.",
  endMissed: "Your counselor called. You can ask for another call.",
  endAnsweredElsewhere: "The call was answered in another window.",
  endFailed: "The call could not take place.",
  problemMediaDenied:
    "Your browser did not allow access to the microphone or camera. Allow it in the browser's settings (usually through the symbol left of the address), then ask for a new call.",
  problemNoDevice: "No microphone was found. Plug one in, or use a phone or another computer.",
  problemNoConnection:
    "The connection could not be made. The network you are on may not allow calls. Write to your counselor – you can try again later.",
  problemAnswerNotSent: "Your answer did not reach your counselor. They can call you again – or you can ask for a call later.",
  close: "Close",
  requestButton: "Ask for a call",
  requestHint: "Your counselor will then call you here – with picture or sound only, as you like.",
  requestMessage: "I would like to talk on the phone. A call here in our conversation would be good, whenever it suits you.",
  requestSent: "Your request has been sent. When your counselor calls, it will ring here.",
  requestFailed: "The request could not be sent. Please try again.",
};

const deLeicht: CallMessages = {
  callLabel: "Anruf",
  incomingHeading: "Ihre Beratung ruft an",
  ringingTitle: "📞 Es klingelt. Ihre Beratung ruft an.",
  ringingNotice: "Ihre Beratung ruft an. Gehen Sie zu dieser Seite. Dann können Sie den Anruf annehmen.",
  incomingLead: (video) =>
    video ? "Sie können mit Kamera annehmen. Oder Sie nehmen nur mit Ton an. Sie entscheiden." : "Ein Anruf nur mit Ton. Ohne Bild.",
  acceptVideo: "Mit Kamera annehmen",
  acceptAudio: "Nur mit Ton annehmen",
  decline: "Nicht annehmen",
  connecting: "Der Anruf wird verbunden …",
  connectedHeading: "Gespräch mit Ihrer Beratung",
  duration: (clock) => `Dauer ${clock}`,
  mute: "Mikrofon aus",
  cameraOff: "Kamera aus",
  hangUp: "Auflegen",
  selfMuted: "Ihr Mikrofon ist aus.",
  selfCameraOff: "Ihre Kamera ist aus.",
  audioOnly: "Nur Ton",
  remoteMuted: "Das Mikrofon von Ihrer Beratung ist aus.",
  remoteCameraOff: "Die Kamera von Ihrer Beratung ist aus.",
  remoteVideoLabel: "Bild von Ihrer Beratung",
  localVideoLabel: "Ihr eigenes Bild",
  endedHeading: "Der Anruf ist zu Ende",
  endYouHungUp: "Sie haben aufgelegt.",
  endTheyHungUp: "Ihre Beratung hat aufgelegt.",
  endYouDeclined: "Sie haben den Anruf nicht angenommen. Sie können Ihrer Beratung schreiben. Schreiben Sie: Wann passt ein Anruf besser?",
  endMissed: "Ihre Beratung hat angerufen. Sie können um einen neuen Anruf bitten.",
  endAnsweredElsewhere: "Sie haben den Anruf in einem anderen Fenster angenommen.",
  endFailed: "Der Anruf hat nicht geklappt.",
  problemMediaDenied:
    "Ihr Internet-Programm erlaubt das Mikrofon oder die Kamera nicht. Sie können das ändern. Das geht in den Einstellungen vom Internet-Programm. Meistens links neben der Adresse. Bitten Sie danach um einen neuen Anruf.",
  problemNoDevice: "Wir finden kein Mikrofon. Schließen Sie ein Mikrofon an. Oder nehmen Sie ein Handy oder einen anderen Computer.",
  problemNoConnection:
    "Der Anruf hat keine Verbindung bekommen. Vielleicht erlaubt Ihr Internet keine Anrufe. Schreiben Sie Ihrer Beratung. Sie können es später noch einmal versuchen.",
  problemAnswerNotSent: "Ihre Beratung hat nicht bemerkt: Sie haben angenommen. Ihre Beratung kann noch einmal anrufen. Oder Sie bitten später um einen Anruf.",
  close: "Schließen",
  requestButton: "Um einen Anruf bitten",
  requestHint: "Dann ruft Ihre Beratung Sie hier an. Mit Bild oder nur mit Ton. Wie Sie möchten.",
  requestMessage: "Ich möchte gern telefonieren. Bitte rufen Sie mich hier an, wenn es passt.",
  requestSent: "Ihre Bitte ist geschickt. Wenn Ihre Beratung anruft, klingelt es hier.",
  requestFailed: "Die Bitte ist nicht angekommen. Bitte versuchen Sie es noch einmal.",
};

const tr: CallMessages = {
  callLabel: "Arama",
  incomingHeading: "Danışmanınız arıyor",
  ringingTitle: "📞 Arama geliyor – danışmanınız arıyor",
  ringingNotice: "Cevap vermek için bu sekmeye geçin.",
  incomingLead: (video) => (video ? "Kamerayla veya yalnızca sesle cevap verebilirsiniz – hangisini isterseniz." : "Görüntüsüz, sesli bir arama."),
  acceptVideo: "Kamerayla cevap ver",
  acceptAudio: "Yalnızca sesle cevap ver",
  decline: "Reddet",
  connecting: "Bağlanıyor …",
  connectedHeading: "Danışmanınızla görüşme",
  duration: (clock) => `Süre ${clock}`,
  mute: "Sesi kapat",
  cameraOff: "Kamerayı kapat",
  hangUp: "Kapat",
  selfMuted: "Mikrofonunuz kapalı.",
  selfCameraOff: "Kameranız kapalı.",
  audioOnly: "Yalnızca ses",
  remoteMuted: "Danışmanınız mikrofonunu kapattı.",
  remoteCameraOff: "Danışmanınızın kamerası kapalı.",
  remoteVideoLabel: "Danışmanınızın görüntüsü",
  localVideoLabel: "Kendi görüntünüz",
  endedHeading: "Arama bitti",
  endYouHungUp: "Aramayı siz kapattınız.",
  endTheyHungUp: "Danışmanınız aramayı kapattı.",
  endYouDeclined: "Aramayı reddettiniz. Danışmanınıza ne zaman bir aramanın daha uygun olacağını yazabilirsiniz.",
  endMissed: "Danışmanınız aradı. Yeni bir arama isteyebilirsiniz.",
  endAnsweredElsewhere: "Arama başka bir pencerede cevaplandı.",
  endFailed: "Arama gerçekleşemedi.",
  problemMediaDenied:
    "Tarayıcınız mikrofona veya kameraya erişime izin vermedi. Tarayıcı ayarlarından izin verin (genellikle adresin solundaki simgeden) ve sonra yeni bir arama isteyin.",
  problemNoDevice: "Mikrofon bulunamadı. Bir mikrofon takın veya bir telefon ya da başka bir bilgisayar kullanın.",
  problemNoConnection:
    "Bağlantı kurulamadı. Bulunduğunuz ağ aramalara izin vermiyor olabilir. Danışmanınıza yazın – daha sonra tekrar deneyebilirsiniz.",
  problemAnswerNotSent: "Cevabınız danışmanınıza ulaşmadı. Danışmanınız sizi tekrar arayabilir – veya daha sonra siz bir arama isteyebilirsiniz.",
  close: "Kapat",
  requestButton: "Arama iste",
  requestHint: "Danışmanınız sizi burada arar – görüntülü veya yalnızca sesli, nasıl isterseniz.",
  requestMessage: "Telefonla konuşmak isterim. Uygun olduğunda burada bir arama çok iyi olur.",
  requestSent: "İsteğiniz gönderildi. Danışmanınız aradığında burada çalacak.",
  requestFailed: "İstek gönderilemedi. Lütfen tekrar deneyin.",
};

const ar: CallMessages = {
  callLabel: "مكالمة",
  incomingHeading: "مستشارك يتصل بك",
  ringingTitle: "📞 مكالمة واردة – مستشارك يتصل بك",
  ringingNotice: "انتقل إلى هذه الصفحة للرد على المكالمة.",
  incomingLead: (video) => (video ? "يمكنك الرد بالكاميرا أو بالصوت فقط – كما تفضّل." : "مكالمة صوتية دون صورة."),
  acceptVideo: "الرد بالكاميرا",
  acceptAudio: "الرد بالصوت فقط",
  decline: "رفض",
  connecting: "جارٍ الاتصال …",
  connectedHeading: "مكالمة مع مستشارك",
  duration: (clock) => `المدة ${clock}`,
  mute: "كتم الصوت",
  cameraOff: "إيقاف الكاميرا",
  hangUp: "إنهاء المكالمة",
  selfMuted: "الميكروفون لديك مغلق.",
  selfCameraOff: "الكاميرا لديك مغلقة.",
  audioOnly: "صوت فقط",
  remoteMuted: "أغلق مستشارك الميكروفون.",
  remoteCameraOff: "كاميرا مستشارك مغلقة.",
  remoteVideoLabel: "صورة مستشارك",
  localVideoLabel: "صورتك",
  endedHeading: "انتهت المكالمة",
  endYouHungUp: "أنهيت المكالمة.",
  endTheyHungUp: "أنهى مستشارك المكالمة.",
  endYouDeclined: "رفضت المكالمة. يمكنك أن تكتب لمستشارك متى تناسبك مكالمة أكثر.",
  endMissed: "اتصل بك مستشارك. يمكنك طلب مكالمة جديدة.",
  endAnsweredElsewhere: "تم الرد على المكالمة في نافذة أخرى.",
  endFailed: "تعذّر إجراء المكالمة.",
  problemMediaDenied:
    "لم يسمح متصفحك باستخدام الميكروفون أو الكاميرا. اسمح بذلك في إعدادات المتصفح (غالبًا عبر الرمز بجانب العنوان)، ثم اطلب مكالمة جديدة.",
  problemNoDevice: "لم يُعثر على ميكروفون. وصّل ميكروفونًا أو استخدم هاتفًا أو حاسوبًا آخر.",
  problemNoConnection: "تعذّر الاتصال. ربما لا تسمح الشبكة التي تستخدمها الآن بالمكالمات. اكتب لمستشارك – يمكنك المحاولة لاحقًا.",
  problemAnswerNotSent: "لم يصل ردك إلى مستشارك. يمكن لمستشارك الاتصال بك مرة أخرى – أو اطلب أنت مكالمة لاحقًا.",
  close: "إغلاق",
  requestButton: "طلب مكالمة",
  requestHint: "سيتصل بك مستشارك هنا – بالصورة أو بالصوت فقط، كما تريد.",
  requestMessage: "أرغب في التحدث هاتفيًا. ستكون مكالمة هنا في المحادثة جيدة عندما يناسبكم ذلك.",
  requestSent: "أُرسل طلبك. عندما يتصل مستشارك سيرنّ هنا.",
  requestFailed: "تعذّر إرسال الطلب. يرجى المحاولة مرة أخرى.",
};

const uk: CallMessages = {
  callLabel: "Дзвінок",
  incomingHeading: "Вам телефонує Ваша консультація",
  ringingTitle: "📞 Дзвінок – Вам телефонує Ваша консультація",
  ringingNotice: "Перейдіть до цієї вкладки, щоб відповісти.",
  incomingLead: (video) => (video ? "Ви можете відповісти з камерою або лише зі звуком – як Вам зручніше." : "Дзвінок зі звуком, без зображення."),
  acceptVideo: "Відповісти з камерою",
  acceptAudio: "Відповісти лише зі звуком",
  decline: "Відхилити",
  connecting: "З'єднання …",
  connectedHeading: "Розмова з Вашою консультацією",
  duration: (clock) => `Тривалість ${clock}`,
  mute: "Вимкнути звук",
  cameraOff: "Вимкнути камеру",
  hangUp: "Завершити",
  selfMuted: "Ваш мікрофон вимкнено.",
  selfCameraOff: "Вашу камеру вимкнено.",
  audioOnly: "Лише звук",
  remoteMuted: "Ваша консультація вимкнула мікрофон.",
  remoteCameraOff: "Камеру Вашої консультації вимкнено.",
  remoteVideoLabel: "Зображення Вашої консультації",
  localVideoLabel: "Ваше зображення",
  endedHeading: "Дзвінок завершено",
  endYouHungUp: "Ви завершили дзвінок.",
  endTheyHungUp: "Ваша консультація завершила дзвінок.",
  endYouDeclined: "Ви відхилили дзвінок. Ви можете написати консультації, коли Вам зручніше поговорити.",
  endMissed: "Ваша консультація телефонувала. Ви можете попросити про новий дзвінок.",
  endAnsweredElsewhere: "На дзвінок відповіли в іншому вікні.",
  endFailed: "Дзвінок не вдався.",
  problemMediaDenied:
    "Ваш браузер не дозволив доступ до мікрофона чи камери. Дозвольте його в налаштуваннях браузера (зазвичай через значок ліворуч від адреси) і потім попросіть про новий дзвінок.",
  problemNoDevice: "Мікрофон не знайдено. Під'єднайте мікрофон або скористайтеся телефоном чи іншим комп'ютером.",
  problemNoConnection:
    "З'єднання не вдалося. Можливо, мережа, у якій Ви зараз, не дозволяє дзвінки. Напишіть своїй консультації – Ви можете спробувати пізніше ще раз.",
  problemAnswerNotSent: "Ваша відповідь не дійшла до консультації. Консультація може зателефонувати ще раз – або Ви попросите про дзвінок пізніше.",
  close: "Закрити",
  requestButton: "Попросити про дзвінок",
  requestHint: "Тоді Ваша консультація зателефонує Вам тут – із зображенням або лише зі звуком, як Ви хочете.",
  requestMessage: "Я хочу поговорити телефоном. Будь ласка, зателефонуйте мені тут, у розмові, коли Вам зручно.",
  requestSent: "Ваше прохання надіслано. Коли консультація зателефонує, тут задзвонить.",
  requestFailed: "Прохання не вдалося надіслати. Будь ласка, спробуйте ще раз.",
};

export const callCatalogues: Record<Locale, CallMessages> = { "de-sie": deSie, "de-du": deDu, "de-leicht": deLeicht, en, tr, ar, uk };
