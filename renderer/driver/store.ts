import { create } from 'zustand';
import { call, subscribe, type ApiOutput, type LiveEvent } from '../shared/api-client.ts';

type SystemStatus = ApiOutput<'systemStatus'>;

interface DriverState {
  link: SystemStatus['link'] | null;
  gps: SystemStatus['gps'] | null;
}

export const useDriver = create<DriverState>(() => ({ link: null, gps: null }));

function apply(event: LiveEvent): void {
  if (event.type === 'link') useDriver.setState({ link: event.status });
  if (event.type === 'gps') useDriver.setState({ gps: event.status });
}

async function reload(): Promise<void> {
  const status = await call('systemStatus');
  useDriver.setState({ link: status.link, gps: status.gps });
}

export function startDriverFeed(): () => void {
  return subscribe(apply, () => void reload());
}
