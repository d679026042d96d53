import { EscPos } from './escpos.ts';
import { isCommentSlip, type CommentSlip, type Printout, type TicketPrintout } from './types.ts';

/** 58 mm paper: 384 dots, 32 columns of the 12×24 font. */
export const paperColumns = 32;

/** The bytes of one queue ticket: big number, item, people ahead and wait, documents, time. */
export function ticketBytes(ticket: TicketPrintout): Uint8Array {
  const p = new EscPos().initialize();
  p.align('centre').line('红芙连心线 流动服务站').line('Hongfu Lianxin service bus');
  p.line('-'.repeat(paperColumns));
  p.bold(true).size(3, 3).line(ticket.number).size(1, 1).bold(false);
  if (ticket.priority) p.bold(true).line('优先窗口 Priority').bold(false);
  p.align('left').line();
  p.wrapped(`事项：${ticket.item.zh}`, paperColumns, '      ');
  p.wrapped(`Service: ${ticket.item.en}`, paperColumns, '  ');
  p.line();
  p.wrapped(`前面还有 ${ticket.peopleAhead} 人，约等 ${ticket.estimatedWaitMinutes} 分钟`, paperColumns);
  p.wrapped(`${ticket.peopleAhead} ahead, about ${ticket.estimatedWaitMinutes} min wait`, paperColumns);
  if (ticket.documents.length > 0) {
    p.line().line('请携带 Please bring:');
    for (const doc of ticket.documents) {
      p.wrapped(`· ${doc.zh}`, paperColumns, '  ');
      p.wrapped(`  ${doc.en}`, paperColumns, '  ');
    }
  }
  if (ticket.caseReference) {
    p.line().align('centre').line('已转交办理 Handed over').line('查进度编号 Case reference:');
    p.bold(true).size(2, 2).line(ticket.caseReference).size(1, 1).bold(false);
    if (ticket.dueDay) p.line(`办结期限 Due by ${ticket.dueDay}`);
    p.wrapped('在任意一天的触摸屏“查进度”输入此编号 Enter it under Progress on any day', paperColumns).align('left');
  } else if (ticket.secret) {
    // The code that proves this paper's holder: cancel or rate with it.
    p.line().align('centre').line('取消/评价凭证码 Code to cancel or rate:');
    p.bold(true).size(2, 2).line(ticket.secret).size(1, 1).bold(false);
    if (ticket.qr) p.qr(ticket.qr);
    p.align('left');
  }
  p.line().line(`取号时间 Taken: ${ticket.takenAtLocal}`);
  p.wrapped('请留意叫号屏幕和广播 Please watch the screen for your number', paperColumns);
  return p.feed(4).cut().bytes();
}

/** The bytes of a comment's slip: the reference code large, and where to type it. */
export function commentSlipBytes(slip: CommentSlip): Uint8Array {
  const p = new EscPos().initialize();
  p.align('centre').line('红芙连心线 流动服务站').line('Hongfu Lianxin service bus');
  p.line('-'.repeat(paperColumns));
  p.line(`${slip.category.zh} ${slip.category.en}`).line('查询码 Reference code:');
  p.bold(true).size(3, 3).line(slip.reference).size(1, 1).bold(false);
  p.align('left').line();
  p.wrapped('在触摸屏点“查进度”，输入查询码，就能看到社区的回复。', paperColumns);
  p.wrapped('Enter this code under Check progress to read the reply.', paperColumns);
  if (slip.meetingDay) p.line().line(`议事会 Meeting: ${slip.meetingDay}`);
  p.line().line(`提交时间 Sent: ${slip.sentAtLocal}`);
  return p.feed(4).cut().bytes();
}

/** The bytes of whatever is printed. */
export function printoutBytes(printout: Printout): Uint8Array {
  return isCommentSlip(printout) ? commentSlipBytes(printout) : ticketBytes(printout);
}
