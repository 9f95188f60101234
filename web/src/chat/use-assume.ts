// Assumir: take a conversation from the Fila; if another agent got it first, say who.
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Tab } from '../api/types';
import { errorText } from '../i18n';
import { useToast } from '../ui/toast';

export function useAssume(onOpened: (id: number, tab: Tab) => void) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return async (conversationId: number) => {
    try {
      await api.post(`/conversations/${conversationId}/assume`);
      onOpened(conversationId, 'abertos');
    } catch (error) {
      toast(errorText(error));
    } finally {
      queryClient.invalidateQueries({ queryKey: keys.conversations });
      queryClient.invalidateQueries({ queryKey: keys.messages(conversationId) });
    }
  };
}
