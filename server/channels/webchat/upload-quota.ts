// How many bytes a web-chat visitor may still send this hour: anonymous visitors must not fill the
// provider's disk, one visitor nor all of them together. Counted from the files received (in the
// database, so every instance counts the same), over the last hour.
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { files, messages } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { formatSize } from '../../files/kinds.js';
import type { Visitor } from './visitors.js';

export interface UploadQuotas {
  visitorBytesPerHour: number;
  channelBytesPerHour: number;
}

export interface UploadAllowance {
  /** Bytes this upload may have. */
  bytes: number;
  /** The refusal when it has more. */
  refusal: string;
}

/** What the visitor may still upload; refuses at once when nothing is left. */
export async function uploadAllowance(db: Db, visitor: Visitor, quotas: UploadQuotas): Promise<UploadAllowance> {
  const [visitorUsed, channelUsed] = await Promise.all([
    receivedLastHour(db, visitor, true),
    receivedLastHour(db, visitor, false),
  ]);
  const visitorLeft = quotas.visitorBytesPerHour - visitorUsed;
  const channelLeft = quotas.channelBytesPerHour - channelUsed;
  const visitorRefusal = `Você já enviou ${formatSize(Math.max(visitorUsed, quotas.visitorBytesPerHour))} em arquivos na última hora, o limite deste chat. Tente de novo mais tarde ou envie um arquivo menor.`;
  const channelRefusal = 'Este chat recebeu arquivos demais na última hora. Tente de novo mais tarde.';
  if (visitorLeft <= 0) throw new AppError('upload_quota_exceeded', visitorRefusal, { quota: 'visitor' });
  if (channelLeft <= 0) throw new AppError('upload_quota_exceeded', channelRefusal, { quota: 'channel' });
  return visitorLeft <= channelLeft
    ? { bytes: visitorLeft, refusal: `O arquivo passa do que você ainda pode enviar nesta hora (${formatSize(visitorLeft)}). Tente de novo mais tarde ou envie um arquivo menor.` }
    : { bytes: channelLeft, refusal: channelRefusal };
}

async function receivedLastHour(db: Db, visitor: Visitor, ofVisitor: boolean): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${files.size}), 0)` })
    .from(messages)
    .innerJoin(files, and(eq(files.providerId, messages.providerId), eq(files.id, messages.fileId)))
    .where(and(
      eq(messages.channelId, visitor.channelId),
      eq(messages.direction, 'in'),
      isNotNull(messages.fileId),
      gt(messages.createdAt, sql`now() - interval '1 hour'`),
      ...(ofVisitor ? [eq(messages.providerId, visitor.providerId), eq(messages.contactId, visitor.contactId)] : []),
    ));
  return Number(row?.bytes ?? 0);
}
