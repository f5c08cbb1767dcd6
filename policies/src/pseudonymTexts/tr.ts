// The pseudonym rule's violations in words: Turkish. One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";

export const pseudonymTextsTr: PseudonymTexts = {
  too_short: (r) => `Adınız en az ${r.minLength} karakter olmalı.`,
  too_long: (r) => `Adınız en fazla ${r.maxLength} karakter olabilir.`,
  invalid_characters: () => "Lütfen yalnızca harf, rakam, boşluk ve . _ - kullanın.",
  looks_like_email: () => "Lütfen adınız olarak bir e-posta adresi kullanmayın.",
  looks_like_phone: (r) => `Lütfen telefon numarası kullanmayın – en fazla ${r.maxDigits} rakam.`,
  looks_like_link: () => "Lütfen adınız olarak bir bağlantı veya web adresi kullanmayın.",
  bad_spacing: () => "Ad . _ - ile başlayamaz veya bitemez ve iki boşluk yan yana olamaz.",
  imitates_staff: () => "Lütfen danışman, moderatör, Lotse veya bir danışma merkezi gibi görünmeyen bir ad seçin.",
};
