import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { getApi } from './api/get-api';
import { LibraryProvider } from './api/library-context';
import { App } from './app';
import { AppSelectionProvider } from './state/app-selection';
import { ImportJobProvider } from './state/import-job';
import './theme/theme.css';
import './theme/quality.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const { api, host } = getApi();
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api} host={host}>
      <LibraryProvider>
        <ImportJobProvider>
          <AppSelectionProvider>
            <App />
          </AppSelectionProvider>
        </ImportJobProvider>
      </LibraryProvider>
    </ApiProvider>
  </StrictMode>,
);
