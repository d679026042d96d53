import { officeCall } from '../client.ts';
import { BusMap } from '../map/BusMap.tsx';
import { useLoad, useOffice } from '../store.ts';

/** The map alone, as large as the screen: where every bus is now and where it went today. */
export function MapPage() {
  const positions = useOffice((s) => s.positions);
  const { data, error } = useLoad(() => officeCall('officeMap'), [positions]);
  if (error) return <p role="alert">无法读取：{error}</p>;
  if (!data) return <p>正在读取…</p>;
  return <BusMap view={data} tall />;
}
