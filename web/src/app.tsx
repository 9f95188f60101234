// The shell: login when there is no session; otherwise the menu (Menu > Chat > Chat, Bloqueados;
// Administração > Etiquetas, Motivo, Setores, Atendentes, Canais, Respostas Rápidas for administrators)
// and the screen chosen in the address (#/chat, #/bloqueados, #/respostas-rapidas, #/etiquetas,
// #/motivos, #/setores, #/atendentes, #/canais). Respostas Rápidas is every agent's: administrators manage the shared ones
// there, everyone their personal ones.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from './api/client';
import { useInstallation, useMe } from './api/queries';
import { ChatPage } from './chat/chat-page';
import { BlockedPage } from './bloqueados/blocked-page';
import { AtendentesPage } from './atendentes/atendentes-page';
import { CanaisPage } from './canais/canais-page';
import { EtiquetasPage } from './etiquetas/etiquetas-page';
import { MotivosPage } from './motivos/motivos-page';
import { RespostasRapidasPage } from './respostas-rapidas/respostas-rapidas-page';
import { SetoresPage } from './setores/setores-page';
import { ConfiguracoesPage } from './configuracoes/configuracoes-page';
import { LockedAccounts } from './contas/locked-accounts';
import { FirstRunPage } from './first-run/first-run-page';
import { ChangePasswordPage } from './login/change-password-page';
import { LoginPage } from './login/login-page';
import { useLive } from './live/live';
import { t } from './i18n';

const SCREENS = ['chat', 'bloqueados', 'etiquetas', 'motivos', 'setores', 'atendentes', 'canais', 'respostas-rapidas', 'configuracoes'] as const;
type Screen = (typeof SCREENS)[number];

function useScreen(): Screen {
  const read = (): Screen => SCREENS.find((s) => location.hash === `#/${s}`) ?? 'chat';
  const [screen, setScreen] = useState<Screen>(read);
  useEffect(() => {
    const onHash = () => setScreen(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return screen;
}

/** Every page of the demo says it is one; a real installation shows nothing. */
export function App() {
  const installation = useInstallation();
  return (
    <div className="app">
      {installation.data?.demo && <div className="demo-banner" role="note">{t('demo.banner')}</div>}
      <div className="app-body"><Desk setupNeeded={installation.isError ? false : installation.data?.setupNeeded} /></div>
    </div>
  );
}

function Desk({ setupNeeded }: { setupNeeded: boolean | undefined }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const screen = useScreen();
  // A session on a temporary password has no live feed until it chooses its own.
  const { online } = useLive(queryClient, !!me.data?.chatEnabled && !me.data.mustChangePassword);

  if (me.isPending) return <div className="splash">{t('common.loading')}</div>;
  if (me.isError || !me.data) {
    if (setupNeeded === undefined) return <div className="splash">{t('common.loading')}</div>;
    return setupNeeded ? <FirstRunPage /> : <LoginPage />;
  }

  if (me.data.mustChangePassword) return <ChangePasswordPage me={me.data} />;
  const isAdmin = me.data.user.role === 'administrador';
  const logout = async () => {
    await api.post('/auth/logout');
    queryClient.clear();
    location.hash = '';
    location.reload();
  };

  return (
    <div className="shell">
      <nav className="nav" aria-label={t('nav.menu')}>
        <div className="brand" aria-hidden>P</div>
        <div className="nav-group">
          <span className="nav-title">{t('nav.chat')}</span>
          <a href="#/chat" aria-current={screen === 'chat' ? 'page' : undefined}>{t('nav.chat.chat')}</a>
          <a href="#/bloqueados" aria-current={screen === 'bloqueados' ? 'page' : undefined}>{t('nav.chat.bloqueados')}</a>
          {!isAdmin && <a href="#/respostas-rapidas" aria-current={screen === 'respostas-rapidas' ? 'page' : undefined}>{t('nav.respostas')}</a>}
        </div>
        {isAdmin && (
          <div className="nav-group">
            <span className="nav-title">{t('nav.admin')}</span>
            <a href="#/etiquetas" aria-current={screen === 'etiquetas' ? 'page' : undefined}>{t('nav.admin.etiquetas')}</a>
            <a href="#/motivos" aria-current={screen === 'motivos' ? 'page' : undefined}>{t('nav.admin.motivos')}</a>
            <a href="#/setores" aria-current={screen === 'setores' ? 'page' : undefined}>{t('nav.admin.setores')}</a>
            <a href="#/atendentes" aria-current={screen === 'atendentes' ? 'page' : undefined}>{t('nav.admin.atendentes')}</a>
            <a href="#/canais" aria-current={screen === 'canais' ? 'page' : undefined}>{t('nav.admin.canais')}</a>
            <a href="#/respostas-rapidas" aria-current={screen === 'respostas-rapidas' ? 'page' : undefined}>{t('nav.respostas')}</a>
            <a href="#/configuracoes" aria-current={screen === 'configuracoes' ? 'page' : undefined}>{t('nav.admin.configuracoes')}</a>
          </div>
        )}
        {me.data.user.role !== 'atendente' && <LockedAccounts />}
        <div className="nav-user">
          <span title={me.data.user.email}>{me.data.user.name}</span>
          <button type="button" className="link" onClick={logout}>{t('nav.logout')}</button>
        </div>
      </nav>
      <main className="screen">
        {!online && <div role="status" className="offline">{t('common.offline')}</div>}
        {!me.data.chatEnabled ? (
          <div className="splash">O módulo de Chat não está habilitado para este provedor. Entre em contato com o suporte para contratá-lo.</div>
        ) : screen === 'bloqueados' ? (
          <BlockedPage />
        ) : screen === 'etiquetas' && isAdmin ? (
          <EtiquetasPage />
        ) : screen === 'motivos' && isAdmin ? (
          <MotivosPage />
        ) : screen === 'setores' && isAdmin ? (
          <SetoresPage />
        ) : screen === 'atendentes' && isAdmin ? (
          <AtendentesPage />
        ) : screen === 'canais' && isAdmin ? (
          <CanaisPage />
        ) : screen === 'configuracoes' && isAdmin ? (
          <ConfiguracoesPage />
        ) : screen === 'respostas-rapidas' ? (
          <RespostasRapidasPage />
        ) : (
          <ChatPage me={me.data} />
        )}
      </main>
    </div>
  );
}

