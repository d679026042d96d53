import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import '../shared/keyboard/keyboard.css';
import './resident.css';
import './portrait.css';
import { ResidentApp } from './ResidentApp.tsx';
import { startResidentFeed } from './store.ts';

startResidentFeed();
createRoot(document.getElementById('root')!).render(<ResidentApp />);
