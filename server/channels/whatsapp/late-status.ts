// Meta can report a status (delivered, read, failed) before our own record of the message's id is
// committed: the worker stores the id only once Meta has answered the send. Such a report waits in
// the job queue and is applied a few seconds later; a status of a message Prosa never sent (the
// number also used elsewhere) is dropped after the last attempt.
import { updateMessageStatus, type StatusUpdate } from '../../desk/update-message-status.js';
import { JobFailed } from '../../jobs/queue.js';
import type { JobHandler } from '../../jobs/worker.js';
import type { ChannelDeps } from '../channel.js';

export const APPLY_STATUS = 'whatsapp_apply_status';

export function lateStatusHandler(deps: ChannelDeps): JobHandler {
  return {
    async run(job) {
      const update = job.payload as Omit<StatusUpdate, 'at'> & { at: string | null };
      const scope = { db: deps.db, bus: deps.bus, providerId: job.providerId };
      const outcome = await updateMessageStatus(scope, { ...update, at: update.at ? new Date(update.at) : undefined });
      if (outcome === 'unknown') throw new JobFailed(`nenhuma mensagem enviada com o id ${update.providerMessageId}`, true);
    },
  };
}
