/** Residents ledger rules: GB 11643 ID numbers, phone formats, masking. Pure. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of an ID number. */
export function idNumberChecksum(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`need 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** What is wrong with an ID number (length, birth date, checksum), or undefined when it is valid. */
export function idNumberProblem(s: string, today = new Date()): string | undefined {
  if (!/^\d{17}[\dX]$/.test(s)) return 'must be 17 digits followed by a digit or X';
  const [y, m, d] = [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'has no valid birth date';
  if (date > today) return 'has a birth date in the future';
  if (idNumberChecksum(s.slice(0, 17)) !== s[17]) return 'has a wrong check character';
  return undefined;
}

/** True for an 18-character ID number with a real calendar birth date and a correct checksum. */
export function isValidIdNumber(s: string): boolean {
  return idNumberProblem(s) === undefined;
}

/** A mainland mobile (1[3-9] + 9 digits) or a landline with its area code (010-12345678). */
export function isValidPhone(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s);
}

/** 110108199001011234 → 1101**********1234 */
export function maskIdNumber(s: string | null): string | null {
  if (!s) return s;
  return s.length <= 8 ? '*'.repeat(s.length) : `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/** 13812345678 → 138****5678; landlines keep their area code and last two digits. */
export function maskPhone(s: string | null): string | null {
  if (!s) return s;
  if (/^1\d{10}$/.test(s)) return `${s.slice(0, 3)}****${s.slice(-4)}`;
  const m = /^(0\d{2,3}-?)(\d+)$/.exec(s);
  return m ? `${m[1]}${'*'.repeat(m[2]!.length - 2)}${m[2]!.slice(-2)}` : '*'.repeat(s.length);
}

/** 张三丰 → 张*丰, 李四 → 李*: the surname and (from three characters) the last character stay. */
export function maskName(s: string | null): string | null {
  if (!s) return s;
  const chars = [...s];
  if (chars.length === 1) return s;
  return chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** One CSV cell: quoted when needed, and formula-looking text defused so spreadsheets never run it. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document with a UTF-8 BOM (so Excel reads Chinese correctly) and CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
