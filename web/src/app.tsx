// The shell: login when there is no session; otherwise the menu (Menu > Chat > Chat, Bloqueados;
// Administração > Etiquetas, Motivo, Setores, Atendentes, Canais, Respostas Rápidas, Configurações do
// chat, Bot for administrators) and the screen chosen by the path (/chat/abertos/42, /bloqueados,
// /respostas-rapidas, /etiquetas, /motivos, /setores, /atendentes, /canais, /configuracoes, /bot). Respostas Rápidas is every agent's: administrators manage the shared ones
// there, everyone their personal ones.
import { Link, useLocation } from 'wouter';
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
import { BotPage } from './bot/bot-page';
import { LockedAccounts } from './contas/locked-accounts';
import { PresencePicker, TeamPresence } from './contas/presence';
import { FirstRunPage } from './first-run/first-run-page';
import { ChangePasswordPage } from './login/change-password-page';
import { LoginPage } from './login/login-page';
import { useLive, useMyConversations } from './live/live';
import { t } from './i18n';
import { SCREENS, type Screen } from '../../api/screens';

/** The screen is the path's first segment (/chat/abertos/42 is the Chat): deep links and reloads keep it. */
function useScreen(): Screen {
  const [path] = useLocation();
  const first = path.split('/')[1];
  return (SCREENS as readonly string[]).includes(first) ? (first as Screen) : 'chat';
}

function NavLink({ to, label }: { to: Screen; label: string }) {
  const screen = useScreen();
  return <Link href={`/${to}`} aria-current={screen === to ? 'page' : undefined}>{label}</Link>;
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
  const live = !!me.data?.chatEnabled && !me.data.mustChangePassword;
  const { online } = useLive(queryClient, live);
  useMyConversations(me.data?.user.id, live);

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
    location.assign('/');
  };

  return (
    <div className="shell">
      <nav className="nav" aria-label={t('nav.menu')}>
        <div className="brand" aria-hidden>P</div>
        <div className="nav-group">
          <span className="nav-title">{t('nav.chat')}</span>
          <NavLink to="chat" label={t('nav.chat.chat')} />
          <NavLink to="bloqueados" label={t('nav.chat.bloqueados')} />
          {!isAdmin && <NavLink to="respostas-rapidas" label={t('nav.respostas')} />}
        </div>
        {isAdmin && (
          <div className="nav-group">
            <span className="nav-title">{t('nav.admin')}</span>
            <NavLink to="etiquetas" label={t('nav.admin.etiquetas')} />
            <NavLink to="motivos" label={t('nav.admin.motivos')} />
            <NavLink to="setores" label={t('nav.admin.setores')} />
            <NavLink to="atendentes" label={t('nav.admin.atendentes')} />
            <NavLink to="canais" label={t('nav.admin.canais')} />
            <NavLink to="respostas-rapidas" label={t('nav.respostas')} />
            <NavLink to="configuracoes" label={t('nav.admin.configuracoes')} />
            <NavLink to="bot" label={t('nav.admin.bot')} />
          </div>
        )}
        {me.data.user.role !== 'atendente' && <LockedAccounts />}
        {me.data.user.role !== 'atendente' && <TeamPresence />}
        <div className="nav-user">
          <span title={me.data.user.email}>{me.data.user.name}</span>
          <PresencePicker me={me.data} />
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
        ) : screen === 'bot' && isAdmin ? (
          <BotPage />
        ) : screen === 'respostas-rapidas' ? (
          <RespostasRapidasPage />
        ) : (
          <ChatPage me={me.data} />
        )}
      </main>
    </div>
  );
}

