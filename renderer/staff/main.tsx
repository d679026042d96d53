import { createRoot } from 'react-dom/client';
import '../shared/base.css';

createRoot(document.getElementById('root')!).render(
  <main>
    <h1>工作人员</h1>
  </main>,
);
