// The pseudonym rule's violations in words: Arabic. One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";

export const pseudonymTextsAr: PseudonymTexts = {
  too_short: (r) => `يجب أن يتكون اسمك من ${r.minLength} أحرف على الأقل.`,
  too_long: (r) => `يمكن أن يتكون اسمك من ${r.maxLength} حرفًا على الأكثر.`,
  invalid_characters: () => "يرجى استخدام الحروف والأرقام والمسافات و . _ - فقط.",
  looks_like_email: () => "يرجى عدم استخدام عنوان بريد إلكتروني كاسم.",
  looks_like_phone: (r) => `يرجى عدم استخدام رقم هاتف – ${r.maxDigits} أرقام على الأكثر.`,
  looks_like_link: () => "يرجى عدم استخدام رابط أو عنوان موقع كاسم.",
  bad_spacing: () => "لا يجوز أن يبدأ الاسم أو ينتهي بـ . _ - ولا أن يحتوي على مسافتين متتاليتين.",
  imitates_staff: () => "يرجى اختيار اسم لا يبدو كاسم مستشار أو مشرف أو Lotse أو مركز استشارة.",
};
