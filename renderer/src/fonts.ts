/**
 * The interface fonts travel with the app (@fontsource, SIL Open Font License): Noto Sans for
 * Latin text and Noto Naskh Arabic for Arabic, regular and bold, served from the app's own
 * origin, so a ministry laptop on any OS shows the same letters without any font installed.
 */
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans/latin-ext-700.css';
import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
