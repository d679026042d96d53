import { describe, expect, it } from 'vitest';
import { findSensitiveNumbers, isValidIdCardNumber, maskContact, maskPhone, maskSensitiveNumbers } from '../../../src/core/privacy.ts';

describe('privacy masking', () => {
  it('masks phones as 138****5678 however they were typed', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('１３８１２３４５６７８')).toBe('138****5678');
    expect(maskContact(' 138 1234 5678 ')).toBe('138****5678');
    expect(maskContact('0532-86981234')).toBe('053*****1234');
    expect(maskContact('微信 zhanghua')).toBe('微*********a');
  });

  it('checks the ID check character (ISO 7064 MOD 11-2)', () => {
    expect(isValidIdCardNumber('11010519491231002X')).toBe(true);
    expect(isValidIdCardNumber('11010519491231002x')).toBe(true);
    expect(isValidIdCardNumber('110105194912310021')).toBe(false);
    expect(isValidIdCardNumber('440524188001010014')).toBe(true);
    expect(isValidIdCardNumber('44052418800101001')).toBe(false);
  });

  it.each([
    ['我的电话13812345678，请回电', '我的电话138****5678，请回电', ['mobile']],
    ['call +86 139-0000-1234 please', 'call 139****1234 please', ['mobile']],
    ['号码：１５９ ８８８８ ６６６６', '号码：159****6666', ['mobile']],
    ['身份证11010519491231002X办医保', '身份证110***********002X办医保', ['id-card']],
    ['ID 440524188001010014.', 'ID 440***********0014.', ['id-card']],
    ['证号110105194912310021错了一位', '证号110***********0021错了一位', ['long-number']],
    ['座机 0532-86981234', '座机 053*****1234', ['landline']],
    ['3号楼2单元502室，2026年11月23日，8公里', '3号楼2单元502室，2026年11月23日，8公里', []],
    ['订单 12345678', '订单 12345678', []],
  ])('%j → %j', (text, masked, kinds) => {
    const result = maskSensitiveNumbers(text);
    expect(result.text).toBe(masked);
    expect(result.found.map((f) => f.kind)).toEqual(kinds);
    expect(findSensitiveNumbers(result.text)).toEqual([]);
  });
});

describe('masking holds against the ways numbers get typed', () => {
  // Each hides 138 1234 5678, 0532 8698 1234 or the ID 11010519491231002X.
  const evasions = [
    '138\u200b1234\u200b5678',
    '139\u30001234\u30005678',
    '137.1234.5678',
    '138·1234·5678',
    '138・1234・5678',
    '138／1234／5678',
    '138—1234—5678',
    '138 - 1234 - 5678',
    '138\u00a01234\u00a05678',
    '138\u20091234\u20095678',
    '1\u200c3\u200d8\u20601\ufeff2\u00ad3\u200b4\u200b5\u200b6\u200b7\u200b8',
    '１３８．１２３４．５６７８',
    '①③⑧①②③④⑤⑥⑦⑧',
    '𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖',
    '幺三八一二三四五六七八',
    '电话:138\n1234\n5678',
    '+86\u3000138\u30001234\u30005678',
    '(0532)8698-1234',
    '0532\u200b8698\u200b1234',
    '1101\u200b0519\u200b4912\u200b3100\u200b2X',
    '110105\u3000194912\u300031002X',
  ];

  it.each(evasions)('%j is masked, and nothing is left to find', (evasion) => {
    const text = `我的号码${evasion}请联系`;
    const masked = maskSensitiveNumbers(text);
    expect(masked.found).toHaveLength(1);
    expect(masked.text).toMatch(/\*{4}/);
    expect(masked.text.startsWith('我的号码')).toBe(true);
    expect(masked.text.endsWith('请联系')).toBe(true);
    // Nothing readable is left: not by the finder, and not as 7+ digits once every non-digit is dropped.
    expect(findSensitiveNumbers(masked.text)).toEqual([]);
    expect(masked.text.normalize('NFKC').replace(/\D/g, '')).not.toMatch(/\d{8}/);
  });

  it('finds two numbers side by side as two', () => {
    const masked = maskSensitiveNumbers('13812345678 13912345678，或 0532-86981234');
    expect(masked.found.map((f) => f.kind)).toEqual(['mobile', 'mobile', 'landline']);
    expect(masked.text).toBe('138****5678 139****5678，或 053*****1234');
  });

  it('leaves ordinary numbers alone', () => {
    for (const text of ['2026.11.23 8:00-17:00', '3号楼2单元502室', '一号楼一单元', '票价2.5元，约6分钟', 'A001、A002']) {
      expect(maskSensitiveNumbers(text)).toEqual({ text, found: [] });
    }
  });
});
