import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './driver.css';
import { DriverApp } from './DriverApp.tsx';
import { startDriverFeed } from './store.ts';

startDriverFeed();
createRoot(document.getElementById('root')!).render(<DriverApp />);
