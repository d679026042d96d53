import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './office.css';
import { loadSession, toLogin } from './client.ts';
import { OfficeApp } from './OfficeApp.tsx';
import { startOfficeFeed, useOffice } from './store.ts';

void loadSession().then((me) => {
  if (!me) return toLogin();
  useOffice.setState({ me });
  startOfficeFeed();
  createRoot(document.getElementById('root')!).render(<OfficeApp />);
});
