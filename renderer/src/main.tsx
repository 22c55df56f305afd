import './fonts';
import './styles.css';
import './language/language.css';
import { createRoot } from 'react-dom/client';
import { pickLanguage, setInterfaceRegion } from '../../shared/i18n/languages';
import { getApi } from './api';
import { App } from './App';
import { applyLanguage, i18n, systemLanguages } from './i18n';
import { installFormValidation } from './ui/form-validation';
import { installInputModality } from './ui/input-modality';

getApi(); // reads the browser-mode token before the router tidies the address
installFormValidation(i18n);
installInputModality();
// a file dropped where nothing takes it (beside a file field, on the editor) is not opened by the
// browser in the app's place (browser mode left the app for file:///…): nothing happens
for (const type of ['dragover', 'drop'] as const)
  window.addEventListener(type, (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
// the system's language's strings (a chunk of their own) before the first word is shown; the saved choice follows once the store answers
const render = () => createRoot(document.getElementById('root')!).render(<App />);
// Arabic dates in the month names of the system's country (Jordan: كانون الثاني; Morocco: دجنبر)
setInterfaceRegion(systemLanguages());
applyLanguage(pickLanguage(null, systemLanguages())).then(render, render);
