// The 22 topic areas of German online counseling ("Beratungsfelder"), with stable slug ids.
// The ids are part of the public API (clients and agencies refer to them); never rename one,
// only add. Names may be corrected freely: seeding upserts them.

export type TopicSeed = { id: string; nameDe: string; nameEn: string };

export const topicSeeds: readonly TopicSeed[] = [
  { id: "allgemeine-sozialberatung", nameDe: "Allgemeine Sozialberatung", nameEn: "General social counseling" },
  { id: "schwangerschaft", nameDe: "Schwangerschaft", nameEn: "Pregnancy" },
  { id: "sucht", nameDe: "Sucht", nameEn: "Addiction" },
  { id: "schulden", nameDe: "Schulden", nameEn: "Debt" },
  { id: "kinder-jugend-familie", nameDe: "Kinder, Jugendliche und Familie", nameEn: "Children, youth and family" },
  { id: "erziehung", nameDe: "Erziehungsberatung", nameEn: "Parenting" },
  { id: "ehe-partnerschaft", nameDe: "Ehe und Partnerschaft", nameEn: "Marriage and relationships" },
  { id: "migration", nameDe: "Migration", nameEn: "Migration" },
  { id: "behinderung", nameDe: "Behinderung und psychische Erkrankung", nameEn: "Disability and mental illness" },
  { id: "wohnungslosigkeit", nameDe: "Wohnungslosigkeit", nameEn: "Homelessness" },
  { id: "trauer", nameDe: "Trauer", nameEn: "Grief" },
  { id: "suizid", nameDe: "Suizidprävention", nameEn: "Suicide prevention" },
  { id: "essstoerungen", nameDe: "Essstörungen", nameEn: "Eating disorders" },
  { id: "gewalt", nameDe: "Gewalt", nameEn: "Violence" },
  { id: "straffaelligkeit", nameDe: "Straffälligkeit", nameEn: "Offending and imprisonment" },
  { id: "kuren", nameDe: "Kuren für Mütter und Väter", nameEn: "Health retreats for mothers and fathers" },
  { id: "hospiz", nameDe: "Hospiz- und Palliativberatung", nameEn: "Hospice and palliative care" },
  { id: "rechtliche-betreuung", nameDe: "Rechtliche Betreuung", nameEn: "Legal guardianship" },
  { id: "alter-pflege", nameDe: "Leben im Alter und Pflege", nameEn: "Old age and care" },
  { id: "arbeit-ausbildung", nameDe: "Arbeit und Ausbildung", nameEn: "Work and vocational training" },
  { id: "jungen-maenner", nameDe: "Jungen- und Männerberatung", nameEn: "Counseling for boys and men" },
  { id: "sexualitaet", nameDe: "Sexualität", nameEn: "Sexuality" },
];
