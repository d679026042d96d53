import { fill, type Bilingual, type Lang } from '../shared/i18n.ts';
import { text } from './text.ts';

/** What the core's expected failures mean to a resident, in their language. */
const known: Record<string, Bilingual> = {
  empty: { zh: '请选择常用语或输入内容', en: 'Pick a phrase or type something first' },
  'too-long': { zh: '内容太长了，请删减一些', en: 'That is too long; please shorten it' },
  'text-too-long': { zh: '内容太长了，请删减一些', en: 'That is too long; please shorten it' },
  'contact-too-long': { zh: '联系方式太长了', en: 'That contact is too long' },
  'phone-invalid': { zh: '电话号码不对：请输入 11 位手机号，或带区号的座机号', en: 'Please enter an 11-digit mobile number or a landline with its area code' },
  'id-number-refused': { zh: '称呼里请不要填写数字或证件号', en: 'Please leave digits and ID numbers out of your name' },
  'ticket-not-finished': { zh: '这次服务还没有结束，办完后再来评价吧', en: 'This visit is not finished yet' },
  'already-rated': { zh: '这次服务已经评价过了，谢谢您', en: 'This visit has been rated already, thank you' },
};

/** A failure as words for the screen: a known code in plain language, anything else with its reason. */
export function problemText(error: { code?: string; message: string }, lang: Lang): string {
  const plain = error.code ? known[error.code] : undefined;
  return plain ? plain[lang] : fill(text[lang].failed, { reason: error.message });
}
