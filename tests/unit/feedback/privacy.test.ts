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
