import { findCategory } from '../services/feedback/categories.ts';
import { lowRatingReasons, ratingLevels } from '../services/feedback/ratings.ts';
import { toCsv, toXlsx, type ExportTable } from './export.ts';
import type { DayRange, OfficeQueries } from './queries.ts';

export const exportDatasets = ['ridership', 'desk', 'cases', 'comments', 'ratings'] as const;
export type ExportDataset = (typeof exportDatasets)[number];

const dueLabel: Record<string, string> = { overdue: '已超期', 'due-today': '今日到期', 'on-time': '未到期', closed: '已办结' };
const caseStateLabel: Record<string, string> = { accepted: '受理', 'in-progress': '办理中', closed: '办结' };
const triageLabel: Record<string, string> = { new: '新留言', assigned: '已分办', replied: '已答复', closed: '已办结' };
// The bus's own names for categories and rating levels, so an export says what the kiosk said.
const categoryLabel = (id: string) => findCategory(id)?.label.zh ?? id;
const reasonLabel = (id: string) => lowRatingReasons.find((r) => r.id === id)?.zh ?? id;
const levelLabel = (id: string) => ratingLevels.find((l) => l.id === id)?.label.zh ?? id;
const minutes = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export interface RenderedExport {
  title: string;
  rows: number;
  csv(): Buffer;
  xlsx(): Promise<Buffer>;
}

function render<R>(table: ExportTable<R>): RenderedExport {
  return { title: table.title, rows: table.rows.length, csv: () => toCsv(table), xlsx: () => toXlsx(table) };
}

/** One export, with the rows the pages show (personal data masked unless `reveal`). */
export function renderExport(queries: OfficeQueries, dataset: ExportDataset, range: DayRange, reveal: boolean, itemName: (id: string) => string): RenderedExport {
  switch (dataset) {
    case 'ridership':
      return render({
        title: '客流',
        rows: queries.ridership(range).byDay,
        columns: [
          { header: '日期', value: (r: { day: string }) => r.day },
          { header: '上车人次', value: (r: { boarded: number }) => r.boarded },
          { header: '下车人次', value: (r: { alighted: number }) => r.alighted },
          { header: '圈数', value: (r: { laps: number }) => r.laps },
        ],
      } satisfies ExportTable<ReturnType<OfficeQueries['ridership']>['byDay'][number]>);
    case 'desk':
      return render({
        title: '服务台',
        rows: queries.desk(range).byItem,
        columns: [
          { header: '服务事项', value: (r) => itemName(r.itemId) },
          { header: '取号数', value: (r) => r.tickets },
          { header: '平均等候(分钟)', value: (r) => minutes(r.waitMin) },
          { header: '平均办理(分钟)', value: (r) => minutes(r.serviceMin) },
          { header: '过号率', value: (r) => Math.round(r.noShowRate * 1000) / 1000 },
          { header: '转办数', value: (r) => r.handedOver },
        ],
      } satisfies ExportTable<ReturnType<OfficeQueries['desk']>['byItem'][number]>);
    case 'cases':
      return render({
        title: '办件',
        rows: queries.cases({ reveal }),
        columns: [
          { header: '查询码', value: (r) => r.reference },
          { header: '车辆', value: (r) => r.busId },
          { header: '事项', value: (r) => r.title },
          { header: '受理时间', value: (r) => r.openedAt },
          { header: '办结时限', value: (r) => r.dueDay },
          { header: '时限状态', value: (r) => dueLabel[r.due] ?? r.due },
          { header: '状态', value: (r) => caseStateLabel[r.state] ?? r.state },
          { header: '答复', value: (r) => r.replyText },
          { header: '姓名', value: (r) => r.resident.name },
          { header: '电话', value: (r) => r.resident.phone ?? r.resident.contact },
          // Codes last, for machines reading the file.
          { header: '时限状态代码', value: (r) => r.due },
          { header: '状态代码', value: (r) => r.state },
        ],
      } satisfies ExportTable<ReturnType<OfficeQueries['cases']>[number]>);
    case 'comments':
      return render({
        title: '留言',
        rows: queries.comments({ ...range, reveal }),
        columns: [
          { header: '查询码', value: (r) => r.reference },
          { header: '日期', value: (r) => r.day },
          { header: '类别', value: (r) => categoryLabel(r.category) },
          { header: '内容', value: (r) => r.text },
          { header: '联系方式', value: (r) => r.contact },
          { header: '处理', value: (r) => triageLabel[r.triage] ?? r.triage },
          { header: '答复', value: (r) => r.replyText },
          { header: '类别代码', value: (r) => r.category },
          { header: '处理代码', value: (r) => r.triage },
        ],
      } satisfies ExportTable<ReturnType<OfficeQueries['comments']>[number]>);
    case 'ratings':
      return render({
        title: '差评回访',
        rows: queries.ratings(range).followUps,
        columns: [
          { header: '时间', value: (r) => r.at },
          { header: '服务事项', value: (r) => (r.itemId ? itemName(r.itemId) : null) },
          { header: '评价', value: (r) => levelLabel(r.level) },
          { header: '原因', value: (r) => r.reasons.map(reasonLabel).join('、') },
          { header: '回访', value: (r) => r.note },
          { header: '评价代码', value: (r) => r.level },
          { header: '原因代码', value: (r) => r.reasons.join(',') },
        ],
      } satisfies ExportTable<ReturnType<OfficeQueries['ratings']>['followUps'][number]>);
  }
}
