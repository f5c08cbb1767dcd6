// German postcodes as the API accepts them: exactly five ASCII digits.

export const POSTCODE_PATTERN = "^[0-9]{5}$";
const postcodeRe = new RegExp(POSTCODE_PATTERN);

export function isPostcode(value: string): boolean {
  return postcodeRe.test(value);
}

/** Inclusive range check on five-digit strings (lexicographic order equals numeric order here). */
export function postcodeInRange(postcode: string, from: string, to: string): boolean {
  return from <= postcode && postcode <= to;
}
