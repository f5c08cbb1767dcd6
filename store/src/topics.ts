// The 22 topic areas of German online counseling ("Beratungsfelder"), with stable slug ids.
// The ids are part of the public API (clients and agencies refer to them); never rename one,
// only add. Seeding inserts a topic that is missing; the German and English names of an existing
// topic are the platform admin's (an admin's edit survives restarts; a correction here reaches new
// installations, existing ones through the admin API or console).
//
// `names` are the further seeker languages (Leichte Sprache, Turkish, Arabic, Ukrainian). Seeding
// writes them only where a topic has none in that language yet (`seedTopics`): an admin's edit in
// the staff console stays; a name an admin removes comes back as this standard one at the next
// start. Leichte Sprache names are short and plain ("Hilfe bei Schulden"), not a translation word
// for word. Turkish, Arabic and Ukrainian: written without a native speaker; to be reviewed.
import type { TopicNames } from "./topicNames.ts";

export type TopicSeed = { id: string; nameDe: string; nameEn: string; names: TopicNames };

export const topicSeeds: readonly TopicSeed[] = [
  {
    id: "allgemeine-sozialberatung",
    nameDe: "Allgemeine Sozialberatung",
    nameEn: "General social counseling",
    names: { "de-leicht": "Hilfe bei Problemen im Alltag", tr: "Genel sosyal danışmanlık", ar: "الإرشاد الاجتماعي العام", uk: "Загальне соціальне консультування" },
  },
  {
    id: "schwangerschaft",
    nameDe: "Schwangerschaft",
    nameEn: "Pregnancy",
    names: { "de-leicht": "Hilfe in der Schwangerschaft", tr: "Hamilelik", ar: "الحمل", uk: "Вагітність" },
  },
  {
    id: "sucht",
    nameDe: "Sucht",
    nameEn: "Addiction",
    names: { "de-leicht": "Hilfe bei Sucht", tr: "Bağımlılık", ar: "الإدمان", uk: "Залежність" },
  },
  {
    id: "schulden",
    nameDe: "Schulden",
    nameEn: "Debt",
    names: { "de-leicht": "Hilfe bei Schulden", tr: "Borçlar", ar: "الديون", uk: "Борги" },
  },
  {
    id: "kinder-jugend-familie",
    nameDe: "Kinder, Jugendliche und Familie",
    nameEn: "Children, youth and family",
    names: { "de-leicht": "Hilfe für Kinder, Jugendliche und Familien", tr: "Çocuklar, gençler ve aile", ar: "الأطفال والشباب والأسرة", uk: "Діти, молодь і сім'я" },
  },
  {
    id: "erziehung",
    nameDe: "Erziehungsberatung",
    nameEn: "Parenting",
    names: { "de-leicht": "Hilfe bei der Erziehung von Kindern", tr: "Çocuk yetiştirme", ar: "تربية الأطفال", uk: "Виховання дітей" },
  },
  {
    id: "ehe-partnerschaft",
    nameDe: "Ehe und Partnerschaft",
    nameEn: "Marriage and relationships",
    names: { "de-leicht": "Hilfe bei Problemen in der Beziehung", tr: "Evlilik ve ilişkiler", ar: "الزواج والعلاقات", uk: "Шлюб і стосунки" },
  },
  {
    id: "migration",
    nameDe: "Migration",
    nameEn: "Migration",
    names: { "de-leicht": "Hilfe für Menschen aus anderen Ländern", tr: "Göç", ar: "الهجرة", uk: "Міграція" },
  },
  {
    id: "behinderung",
    nameDe: "Behinderung und psychische Erkrankung",
    nameEn: "Disability and mental illness",
    names: { "de-leicht": "Hilfe bei Behinderung und seelischer Krankheit", tr: "Engellilik ve ruhsal hastalık", ar: "الإعاقة والمرض النفسي", uk: "Інвалідність і психічні захворювання" },
  },
  {
    id: "wohnungslosigkeit",
    nameDe: "Wohnungslosigkeit",
    nameEn: "Homelessness",
    names: { "de-leicht": "Hilfe, wenn Sie keine Wohnung haben", tr: "Evsizlik", ar: "التشرد وفقدان السكن", uk: "Безхатність" },
  },
  {
    id: "trauer",
    nameDe: "Trauer",
    nameEn: "Grief",
    names: { "de-leicht": "Hilfe bei Trauer", tr: "Yas", ar: "الحزن والفقدان", uk: "Втрата і горе" },
  },
  {
    id: "suizid",
    nameDe: "Suizidprävention",
    nameEn: "Suicide prevention",
    names: { "de-leicht": "Hilfe, wenn Sie nicht mehr leben wollen", tr: "İntiharı önleme", ar: "الوقاية من الانتحار", uk: "Запобігання самогубствам" },
  },
  {
    id: "essstoerungen",
    nameDe: "Essstörungen",
    nameEn: "Eating disorders",
    names: { "de-leicht": "Hilfe bei Problemen mit dem Essen", tr: "Yeme bozuklukları", ar: "اضطرابات الأكل", uk: "Розлади харчової поведінки" },
  },
  {
    id: "gewalt",
    nameDe: "Gewalt",
    nameEn: "Violence",
    names: { "de-leicht": "Hilfe bei Gewalt", tr: "Şiddet", ar: "العنف", uk: "Насильство" },
  },
  {
    id: "straffaelligkeit",
    nameDe: "Straffälligkeit",
    nameEn: "Offending and imprisonment",
    names: { "de-leicht": "Hilfe bei Straf-Taten und Gefängnis", tr: "Suç ve cezaevi", ar: "الجنوح والسجن", uk: "Правопорушення і ув'язнення" },
  },
  {
    id: "kuren",
    nameDe: "Kuren für Mütter und Väter",
    nameEn: "Health retreats for mothers and fathers",
    names: { "de-leicht": "Erholung für Mütter und Väter", tr: "Anneler ve babalar için sağlık kürleri", ar: "برامج استشفاء للأمهات والآباء", uk: "Оздоровлення для матерів і батьків" },
  },
  {
    id: "hospiz",
    nameDe: "Hospiz- und Palliativberatung",
    nameEn: "Hospice and palliative care",
    names: { "de-leicht": "Hilfe am Ende vom Leben", tr: "Hospis ve palyatif bakım", ar: "رعاية المحتضرين والرعاية التلطيفية", uk: "Хоспісна та паліативна допомога" },
  },
  {
    id: "rechtliche-betreuung",
    nameDe: "Rechtliche Betreuung",
    nameEn: "Legal guardianship",
    names: { "de-leicht": "Hilfe durch eine Betreuerin oder einen Betreuer", tr: "Yasal vesayet", ar: "الوصاية القانونية", uk: "Правова опіка" },
  },
  {
    id: "alter-pflege",
    nameDe: "Leben im Alter und Pflege",
    nameEn: "Old age and care",
    names: { "de-leicht": "Hilfe im Alter und bei Pflege", tr: "Yaşlılık ve bakım", ar: "الشيخوخة والرعاية", uk: "Старість і догляд" },
  },
  {
    id: "arbeit-ausbildung",
    nameDe: "Arbeit und Ausbildung",
    nameEn: "Work and vocational training",
    names: { "de-leicht": "Hilfe bei Arbeit und Ausbildung", tr: "İş ve meslek eğitimi", ar: "العمل والتدريب المهني", uk: "Робота і професійне навчання" },
  },
  {
    id: "jungen-maenner",
    nameDe: "Jungen- und Männerberatung",
    nameEn: "Counseling for boys and men",
    names: { "de-leicht": "Beratung für Jungen und Männer", tr: "Erkek çocuklar ve erkekler için danışmanlık", ar: "الإرشاد للفتيان والرجال", uk: "Консультування для хлопців і чоловіків" },
  },
  {
    id: "sexualitaet",
    nameDe: "Sexualität",
    nameEn: "Sexuality",
    names: { "de-leicht": "Fragen zu Sex und Sexualität", tr: "Cinsellik", ar: "الحياة الجنسية", uk: "Сексуальність" },
  },
];
