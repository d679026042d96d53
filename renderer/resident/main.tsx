import { createRoot } from 'react-dom/client';
import '../shared/base.css';

createRoot(document.getElementById('root')!).render(
  <main>
    <h1>红芙连心线</h1>
  </main>,
);
