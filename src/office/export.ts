
export interface ExportColumn<R> {
  header: string;
  value: (row: R) => string | number | null;
}

export interface ExportTable<R> {
  title: string;
  columns: readonly ExportColumn<R>[];
  rows: readonly R[];
}

/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab / carriage return) as a formula:
 * text from residents must never run as one, so such text gets a leading apostrophe.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | null): string | number {
  if (value === null) return '';
  return typeof value === 'number' ? value : neutraliseFormula(value);
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese correctly. */
export function toCsv<R>(table: ExportTable<R>): Buffer {
  const lines = [table.columns.map((c) => csvField(neutraliseFormula(c.header)))];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(cell(c.value(row)))));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.map((l) => l.join(',')).join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx<R>(table: ExportTable<R>): Promise<Buffer> {
  // exceljs loads only for the first workbook: the office starts without it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '红芙连心线';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((c) => cell(c.value(row))));
  table.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, c.header.length * 2 + 4));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
