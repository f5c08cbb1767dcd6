// The pseudonym rule's violations in words: Ukrainian. One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";

export const pseudonymTextsUk: PseudonymTexts = {
  too_short: (r) => `Ваше ім'я має містити щонайменше ${r.minLength} символи.`,
  too_long: (r) => `Ваше ім'я може містити щонайбільше ${r.maxLength} символів.`,
  invalid_characters: () => "Будь ласка, використовуйте лише літери, цифри, пробіли та . _ -",
  looks_like_email: () => "Будь ласка, не використовуйте адресу електронної пошти як ім'я.",
  looks_like_phone: (r) => `Будь ласка, не використовуйте номер телефону – щонайбільше ${r.maxDigits} цифр.`,
  looks_like_link: () => "Будь ласка, не використовуйте посилання чи адресу сайту як ім'я.",
  bad_spacing: () => "Ім'я не може починатися чи закінчуватися на . _ - і не може мати двох пробілів поспіль.",
  imitates_staff: () => "Будь ласка, оберіть ім'я, яке не звучить як консультант, модератор, Lotse чи консультаційний центр.",
};
