import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './office.css';
import { OfficeApp } from './OfficeApp.tsx';
import { startOfficeFeed } from './store.ts';

startOfficeFeed();
createRoot(document.getElementById('root')!).render(<OfficeApp />);
