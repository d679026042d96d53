import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv, toXlsx, type ExportTable } from '../../../src/office/export.ts';

const table: ExportTable<{ text: string; n: number | null }> = {
  title: '留言',
  columns: [
    { header: '内容', value: (r) => r.text },
    { header: '数量', value: (r) => r.n },
  ],
  rows: [
    { text: '=1+2', n: 1 },
    { text: '+86 电话', n: -3 },
    { text: '-负数开头', n: null },
    { text: '@SUM(A1)', n: 0 },
    { text: '普通，带"引号"\n和换行', n: 2 },
  ],
};

describe('exports', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(['=1', '+1', '-1', '@x', '\tx', '\rx', 'a=1', '１'].map(neutraliseFormula)).toEqual(["'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", 'a=1', '１']);
  });

  it('writes CSV with a UTF-8 BOM, quoted fields and escaped formulas; numbers stay numbers', () => {
    const csv = toCsv(table);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe(
      "内容,数量\r\n'=1+2,1\r\n'+86 电话,-3\r\n'-负数开头,\r\n'@SUM(A1),0\r\n\"普通，带\"\"引号\"\"\n和换行\",2\r\n",
    );
  });

  it('writes XLSX whose cells are text, never formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('留言')!;
    expect(sheet.getCell('A2').value).toBe("'=1+2");
    expect(sheet.getCell('A2').formula).toBeUndefined();
    expect(sheet.getCell('B3').value).toBe(-3);
    expect(sheet.getCell('A6').value).toBe('普通，带"引号"\n和换行');
  });
});
