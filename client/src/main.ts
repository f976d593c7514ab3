import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { installSessionGuard } from './features/auth/useAuth.ts';
import { createAppI18n } from './i18n/index.ts';
import { registerServiceWorker } from './pwa/register-sw.ts';
import { useLocale } from './stores/locale.ts';
import './ui/theme.css';

const pinia = createPinia();
const app = createApp(App).use(pinia);
app.use(createAppI18n(useLocale(pinia).locale));
installSessionGuard(pinia);
app.mount('#app');
// installable as a phone app (manifest in index.html): the shell and map tiles cached for patrols offline
registerServiceWorker();
