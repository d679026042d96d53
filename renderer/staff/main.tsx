import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import '../shared/keyboard/keyboard.css';
import './staff.css';
import { StaffApp } from './StaffApp.tsx';
import { startStaffFeed } from './store.ts';

startStaffFeed();
createRoot(document.getElementById('root')!).render(<StaffApp />);
