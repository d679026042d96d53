import { useState } from 'react';
import { RangePicker } from '../RangePicker.tsx';
import { useOffice } from '../store.ts';

const datasets = [
  ['ridership', '客流（按日期）'],
  ['desk', '服务台（按事项）'],
  ['cases', '办件'],
  ['comments', '留言'],
  ['ratings', '差评回访'],
] as const;

/** CSV (UTF-8 with BOM) and XLSX downloads of what the pages show; personal data masked unless permitted and asked. */
export function Export() {
  const { from, to, me } = useOffice();
  const [reveal, setReveal] = useState(false);
  const query = `from=${from}&to=${to}${reveal ? '&reveal=1' : ''}`;
  return (
    <>
      <RangePicker />
      {me?.canUnmask ? (
        <label>
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> 导出完整个人信息（将记入操作日志）
        </label>
      ) : (
        <p className="hint">导出文件中的居民个人信息已脱敏。</p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">数据</th>
            <th scope="col">下载</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map(([id, label]) => (
            <tr key={id}>
              <th scope="row">{label}</th>
              <td className="downloads">
                <a href={`/export/${id}.csv?${query}`} download data-testid={`export-${id}-csv`}>
                  CSV
                </a>
                <a href={`/export/${id}.xlsx?${query}`} download data-testid={`export-${id}-xlsx`}>
                  Excel
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
