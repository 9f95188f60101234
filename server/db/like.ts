// LIKE patterns from what a person typed: their % and _ are letters, not wildcards.

/** `%text%`, with LIKE's own characters escaped (PostgreSQL's default escape is the backslash). */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
