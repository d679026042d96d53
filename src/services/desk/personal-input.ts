import { findSensitiveNumbers, maskPhone, maskSensitiveNumbers } from '../../core/privacy.ts';
import { err, ok, type Result } from '../../core/result.ts';

export type PersonalInputError = 'id-number-refused' | 'phone-invalid' | 'text-too-long';

const idKinds = new Set(['id-card', 'long-number']);

/**
 * No resident ID number is ever stored (minimum necessary): a free-text field that holds one is
 * refused whole, with a message the kiosk can show. Phone numbers typed into a note are masked.
 */
export function cleanFreeText(text: string | undefined, field: string, maxChars: number): Result<string | null, PersonalInputError> {
  // NFC only: NFKC would turn Chinese full-width punctuation into ASCII; full-width digits are caught by the finder.
  const trimmed = text?.normalize('NFC').trim() ?? '';
  if (trimmed === '') return ok(null);
  if ([...trimmed].length > maxChars) return err('text-too-long', `${field} is longer than ${maxChars} characters`);
  if (findSensitiveNumbers(trimmed).some((span) => idKinds.has(span.kind))) {
    return err('id-number-refused', `${field} must not contain an ID-card number: the desk does not store ID numbers (请勿填写身份证号)`);
  }
  return ok(maskSensitiveNumbers(trimmed).text);
}

/** A name as given (letters only, no numbers at all). */
export function cleanName(name: string | undefined): Result<string | null, PersonalInputError> {
  const cleaned = cleanFreeText(name, 'name', 20);
  if (!cleaned.ok || cleaned.value === null) return cleaned;
  if (/\d/.test(cleaned.value)) return err('id-number-refused', 'name must not contain digits (请勿填写身份证号或电话)');
  return cleaned;
}

/** A mainland mobile (11 digits) or a landline with area code; stored as digits only. */
export function cleanPhone(phone: string | undefined): Result<string | null, PersonalInputError> {
  const digits = (phone ?? '').normalize('NFKC').replace(/[\s()-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (digits === '') return ok(null);
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return ok(digits);
  return err('phone-invalid', 'phone must be an 11-digit mobile number or a landline with its area code');
}

export const maskedPhone = (phone: string | null): string | null => (phone === null ? null : maskPhone(phone));
/** 张三 → 张*, 欧阳娜娜 → 欧***: enough for a resident to recognise their own case. */
export function maskedName(name: string | null): string | null {
  if (name === null) return null;
  const chars = [...name];
  return chars.length === 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
