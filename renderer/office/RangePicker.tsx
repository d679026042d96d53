import { useOffice } from './store.ts';

/** The date range every statistics page reads (office calendar days, both ends included). */
export function RangePicker() {
  const { from, to } = useOffice();
  return (
    <fieldset className="range no-print">
      <legend>日期范围</legend>
      <label>
        从 <input type="date" value={from} max={to} onChange={(e) => e.target.value && useOffice.setState({ from: e.target.value })} />
      </label>
      <label>
        到 <input type="date" value={to} min={from} onChange={(e) => e.target.value && useOffice.setState({ to: e.target.value })} />
      </label>
    </fieldset>
  );
}
