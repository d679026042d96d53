import { useDriver } from './store.ts';

export function DriverApp() {
  const { link, gps } = useDriver();
  return (
    <main>
      <p>GNSS: {gps?.status ?? '…'}</p>
      <p>
        Link: {link?.link ?? '…'} · backlog {link?.backlog ?? '…'}
      </p>
    </main>
  );
}
