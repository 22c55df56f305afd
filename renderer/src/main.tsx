import './fonts';
import './styles.css';
import './language/language.css';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './App';
import { i18n } from './i18n';
import { installFormValidation } from './ui/form-validation';

getApi(); // reads the browser-mode token before the router tidies the address
installFormValidation(i18n);
createRoot(document.getElementById('root')!).render(<App />);
