import './fonts';
import './styles.css';
import './language/language.css';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './App';
import './i18n';

getApi(); // reads the browser-mode token before the router tidies the address
createRoot(document.getElementById('root')!).render(<App />);
