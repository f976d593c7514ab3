import { describe, expect, it } from 'vitest';
import { csvCell, idNumberChecksum, idNumberProblem, isValidPhone, maskIdNumber, maskPhone, toCsv } from './residents.domain.ts';

describe('GB 11643 ID numbers', () => {
  const valid = `11010819900101123${idNumberChecksum('11010819900101123')}`;
  it('accepts a well-formed number and names what is wrong with others', () => {
    expect(idNumberProblem(valid)).toBeUndefined();
    expect(idNumberProblem('1101081990010112')).toMatch(/17 digits/);
    expect(idNumberProblem('110108199002301234')).toMatch(/birth date/);
    expect(idNumberProblem(`11010830990101123${idNumberChecksum('11010830990101123')}`, new Date('2026-01-01'))).toMatch(/future/);
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(idNumberProblem(wrong)).toMatch(/check character/);
  });
  it('computes the published check character (X for 10)', () => {
    expect(idNumberChecksum('11010519491231002')).toBe('X');
  });
});

describe('phones and masking', () => {
  it('accepts mobiles and landlines with area code only', () => {
    expect(['13812345678', '010-62345678', '01062345678'].every(isValidPhone)).toBe(true);
    expect(['12812345678', '1381234567', '62345678', 'abc'].some(isValidPhone)).toBe(false);
  });
  it('masks the middle of ID numbers and phones', () => {
    expect(maskIdNumber('110108199001011234')).toBe('1101**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('010-62345678')).toBe('010-******78');
    expect(maskIdNumber(null)).toBeNull();
  });
});

describe('CSV export', () => {
  it('quotes separators and quotes, and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(['disabled', 'renter'])).toBe('"disabled;renter"');
  });
  it('starts with a BOM and ends lines with CRLF', () => {
    expect(toCsv(['姓名'], [['王磊']])).toBe('\uFEFF姓名\r\n王磊\r\n');
  });
});
