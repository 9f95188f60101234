// Phone numbers as Prosa keeps them: E.164 digits without the plus (5511987654321), whoever gave
// them — an agent typing in Brazil, a visitor of the web chat, WhatsApp's wa_id, a contact shared on
// Telegram — and shown the way people write them. libphonenumber-js knows the world's numbering
// plans; the Brazilian habits (no country code, the trunk 0, the ninth digit) are ours.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

const BRAZIL = '55';

/**
 * Brazil's mobiles gained a ninth digit (a 9 in front) years ago, but WhatsApp still knows many by
 * the old eight (55 + DDD + 8 digits starting 6–9): the stored number has the nine.
 */
function withNinthDigit(digits: string): string {
  return /^55[1-9][1-9][6-9]\d{7}$/.test(digits) ? `${digits.slice(0, 4)}9${digits.slice(4)}` : digits;
}

/**
 * The number in E.164 digits, or null when it cannot be one. Written with + or 00 it is
 * international; otherwise it is Brazilian: DDD and number ("(11) 98765-4321"), perhaps after the
 * trunk 0 ("011 98765-4321"), or already with the 55 — twelve digits or more without a + are taken as
 * E.164 already (what the API always accepted).
 */
export function normalizePhone(typed: string): string | null {
  const trimmed = typed.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    // as written
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else {
    if (/^0[1-9]{2}\d{8,9}$/.test(digits)) digits = digits.slice(1);
    if (digits.length === 10 || digits.length === 11) digits = `${BRAZIL}${digits}`;
    // Shorter is a number without its DDD ("98765-4321"), not a foreign one.
    else if (digits.length < 12) return null;
  }
  digits = withNinthDigit(digits);
  if (!/^[1-9]\d{7,14}$/.test(digits)) return null;
  return parsePhoneNumberFromString(`+${digits}`)?.isPossible() ? digits : null;
}

/** "(11) 98765-4321" for a Brazilian number, "+351 912 345 678" for another; the digits if unknown. */
export function formatPhone(digits: string): string {
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed) return `+${digits}`;
  return parsed.countryCallingCode === BRAZIL ? parsed.formatNational() : parsed.formatInternational();
}

/**
 * What to look for in stored numbers when someone searches by phone: the digits they typed (any part
 * of a number: "4321", "98765-4321"), and the whole number normalised when it is one ("(11) 8765-4321"
 * is stored with its ninth digit). Null when the text is not a phone search.
 */
export function phoneSearch(text: string): { digits: string; number: string | null } | null {
  const digits = text.replace(/\D/g, '');
  if (digits.length < 4 || /[^\d\s()+.\-]/.test(text)) return null;
  return { digits, number: normalizePhone(text) };
}
