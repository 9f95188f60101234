// Which motivos fit a conversation: one rule, read by the server that enforces it and by the agent
// app that offers the options (no zod here: the app's bundle imports it).

/** A motivo with no sectors applies to every sector; a conversation with no sector takes only those. */
export const motivoAppliesTo = (motivo: { sectorIds: number[] }, sectorId: number | null): boolean =>
  motivo.sectorIds.length === 0 || (sectorId !== null && motivo.sectorIds.includes(sectorId));
