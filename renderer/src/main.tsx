import './fonts';
import './styles.css';
import './language/language.css';
import { createRoot } from 'react-dom/client';
import { pickLanguage } from '../../shared/i18n/languages';
import { getApi } from './api';
import { App } from './App';
import { applyLanguage, i18n } from './i18n';
import { installFormValidation } from './ui/form-validation';
import { installInputModality } from './ui/input-modality';

getApi(); // reads the browser-mode token before the router tidies the address
installFormValidation(i18n);
installInputModality();
// the system's language's strings (a chunk of their own) before the first word is shown; the saved choice follows once the store answers
const render = () => createRoot(document.getElementById('root')!).render(<App />);
applyLanguage(pickLanguage(null, navigator.languages?.length ? navigator.languages : [navigator.language])).then(render, render);
