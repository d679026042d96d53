import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { meetingDayFor } from '../../../src/services/feedback/categories.ts';
import { FeedbackService, feedbackLimits, type CommentInput } from '../../../src/services/feedback/feedback.ts';
import { loadWordList, Moderator } from '../../../src/services/feedback/moderation.ts';
import { canonicalReference, referenceAlphabet, uniqueReference } from '../../../src/services/feedback/reference.ts';
import { codePointLength } from '../../../src/services/feedback/text.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

const moderator = new Moderator(loadWordList());

describe('comments', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let clock: ManualClock;
  let feedback: FeedbackService;

  beforeEach(() => {
    dir = tempDir();
    clock = new ManualClock('2026-11-23T02:00:00.000Z');
    store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
    feedback = new FeedbackService({ store, clock, moderator });
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const submit = (input: Partial<CommentInput>) => feedback.submit({ category: 'suggestion', ...input });
  const outbox = () =>
    store.db.prepare("SELECT kind, priority, payload FROM outbox WHERE kind = 'comment' ORDER BY seq").all() as { kind: string; priority: number; payload: string }[];

  it('refuses an empty comment, whitespace and control characters included', () => {
    for (const text of [undefined, '', '   ', '\n\t\u0000\u200e ']) {
      const result = submit({ text });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('empty');
    }
    expect(submit({ phraseIds: ['more-trips'] }).ok).toBe(true);
    expect(outbox()).toHaveLength(1);
  });

  it('refuses unknown categories and phrases of another category', () => {
    expect(feedback.submit({ category: 'gossip' as never, text: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown-category' } });
    expect(submit({ phraseIds: ['late'] })).toMatchObject({ ok: false, error: { code: 'unknown-phrase' } });
  });

  it('counts length in code points: 500 emoji fit, 501 do not', () => {
    const emoji = '😀'.repeat(feedbackLimits.maxTextCodePoints);
    expect(emoji.length).toBe(1000);
    expect(submit({ text: emoji }).ok).toBe(true);
    expect(submit({ text: emoji + '😀' })).toMatchObject({ ok: false, error: { code: 'too-long' } });
    expect(submit({ text: '路'.repeat(501) })).toMatchObject({ ok: false, error: { code: 'too-long' } });
    expect(codePointLength('👨‍👩‍👧')).toBe(5);
  });

  it('stores text as typed, NFC-normalised, controls and bidi overrides removed', () => {
    const decomposed = 'Cafe\u0301 和 📚 Привет\u202e 3号楼\r\n谢谢\u0007';
    const result = unwrap(submit({ text: decomposed }));
    expect(result.text).toBe('Café 和 📚 Привет 3号楼\n谢谢');
    expect(result.masked).toBe(false);
    const stored = store.db.prepare('SELECT text, text_original FROM feedback_comment').get();
    expect(stored).toEqual({ text: 'Café 和 📚 Привет 3号楼\n谢谢', text_original: null });
  });

  it('masks phone and ID numbers and profanity before the outbox; keeps the original only with consent', () => {
    const typed = '傻 逼物业！电话13812345678，身份证11010519491231002X，shit happens';
    const without = unwrap(submit({ category: 'complaint', text: typed }));
    expect(without.text).toBe('* *物业！电话138****5678，身份证110***********002X，**** happens');
    expect(without.masked).toBe(true);
    const withConsent = unwrap(submit({ category: 'complaint', text: typed, keepOriginal: true }));
    const rows = store.db.prepare('SELECT text_original, findings FROM feedback_comment ORDER BY at, rowid').all() as { text_original: string | null; findings: string }[];
    expect(rows[0]!.text_original).toBeNull();
    expect(rows[1]!.text_original).toBe(typed);
    expect(JSON.parse(rows[0]!.findings)).toEqual({ profanity: 2, numbers: { mobile: 1, 'id-card': 1 } });
    const synced = outbox().map((r) => r.payload).join('\n');
    expect(synced).not.toContain('13812345678');
    expect(synced).not.toContain('11010519491231002X');
    expect(synced).not.toContain('shit');
    expect(synced).not.toContain('textOriginal');
    expect(outbox().map((r) => r.priority)).toEqual([1, 1]);
    expect(withConsent.reference).not.toBe(without.reference);
  });

  it('does not star innocent words that contain a listed one', () => {
    expect(unwrap(submit({ text: 'Scunthorpe shitake assessment 妈妈的菜' })).text).toBe('Scunthorpe shitake assessment 妈妈的菜');
  });

  it('masks the contact for display, links the ticket, and sends a topic to the next meeting on the 15th', () => {
    const result = unwrap(submit({ category: 'topic', phraseIds: ['parking'], contact: '138 1234 5678', ticketId: 'T-1' }));
    expect(result.contactMasked).toBe('138****5678');
    expect(result.meetingDay).toBe('2026-12-15');
    expect(JSON.parse(outbox()[0]!.payload)).toMatchObject({ category: 'topic', ticketId: 'T-1', meetingDay: '2026-12-15', phrases: ['parking'] });
    expect(meetingDayFor('2026-11-15')).toBe('2026-11-15');
    expect(meetingDayFor('2026-12-16')).toBe('2027-01-15');
    expect(submit({ text: 'x', contact: '1'.repeat(41) })).toMatchObject({ ok: false, error: { code: 'contact-too-long' } });
  });

  it('shows progress by reference, and applies office replies by version only forwards', () => {
    const { reference } = unwrap(submit({ category: 'help', phraseIds: ['repair'], text: '3号楼路灯坏了' }));
    const replies: string[] = [];
    feedback.onReply.on((r) => replies.push(`${r.reference}:${r.status}`));
    expect(unwrap(feedback.lookup(reference.toLowerCase().replace(/(...)/, '$1-')))).toMatchObject({
      reference,
      status: 'received',
      replyText: null,
      text: '3号楼路灯坏了',
    });
    expect(feedback.applyReply(reference, 'answered', '已报修，明天上午维修。', 2)).toEqual({ ok: true, value: { applied: true } });
    expect(feedback.applyReply(reference, 'in-progress', '已受理', 1)).toEqual({ ok: true, value: { applied: false } });
    expect(feedback.applyReply(reference, 'answered', 'again', 2)).toEqual({ ok: true, value: { applied: false } });
    expect(unwrap(feedback.lookup(reference))).toMatchObject({ status: 'answered', replyText: '已报修，明天上午维修。' });
    expect(replies).toEqual([`${reference}:answered`]);
    expect(feedback.applyReply('ZZZZZZ', 'closed', null, 1)).toMatchObject({ ok: false, error: { code: 'unknown-reference' } });
    expect(feedback.applyReply(reference, 'lost', null, 3)).toMatchObject({ ok: false, error: { code: 'invalid-status' } });
    expect(feedback.lookup('O0I1AB')).toMatchObject({ ok: false, error: { code: 'invalid-reference' } });
    expect(feedback.lookup('ABCDEF')).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('gives every stored comment its own reference code', () => {
    store.withTransaction(() => {
      for (let i = 0; i < 2000; i++) unwrap(submit({ phraseIds: ['more-trips'] }));
    });
    const codes = store.db.prepare('SELECT reference FROM feedback_comment').pluck().all() as string[];
    expect(new Set(codes).size).toBe(2000);
  });
});

describe('reference codes', () => {
  it('use an alphabet without 0, O, 1 or I', () => {
    expect(referenceAlphabet).toHaveLength(32);
    expect(referenceAlphabet).not.toMatch(/[01OI]/);
  });

  it('read back forgivingly but refuse what cannot be a code', () => {
    expect(canonicalReference(' ab2-cd3 ')).toBe('AB2CD3');
    expect(canonicalReference('AB2CD')).toBeNull();
    expect(canonicalReference('AB2CDO')).toBeNull();
  });

  it('are unique and unambiguous over 100,000 draws, each symbol about equally often', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 100_000; i++) taken.add(uniqueReference((code) => taken.has(code)));
    expect(taken.size).toBe(100_000);
    expect([...taken].filter((code) => !/^[2-9A-HJ-NP-Z]{6}$/.test(code))).toEqual([]);
    const counts = new Map<string, number>();
    for (const code of taken) for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1);
    // 600,000 symbols over 32: 18,750 each expected, σ ≈ 134; a modulo bias would show far beyond 1,000.
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(Math.abs(n - 18_750)).toBeLessThan(1000);
  });

  it('are drawn again on a collision, and give up on a full space', () => {
    let draws = 0;
    const code = uniqueReference(() => ++draws < 3);
    expect(draws).toBe(3);
    expect(code).toHaveLength(6);
    expect(() => uniqueReference(() => true)).toThrow(/no free reference code/);
  });
});
