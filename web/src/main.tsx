import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app';
import { ToastProvider } from './ui/toast';
import './styles.css';

// Links from before the paths (#/bloqueados) still open their screen.
if (location.hash.startsWith('#/')) history.replaceState(null, '', location.hash.slice(1));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { refetchOnWindowFocus: false, retry: (count, error) => count < 2 && (error as { status?: number }).status === undefined },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
