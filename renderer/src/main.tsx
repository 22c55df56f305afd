import { createRoot } from 'react-dom/client';
import { getApi } from './api';

const api = getApi();
function App() {
  return <h1>GCM Review</h1>;
}
void api;
createRoot(document.getElementById('root')!).render(<App />);
