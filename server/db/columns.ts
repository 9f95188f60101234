// For a raw statement that returns the rows of several tables side by side (a CTE that writes
// more than one): each table's columns under a prefix, and each row read back as the query
// builder would have returned it (dates as Date, jsonb parsed, keys in camelCase).
import { getTableColumns, sql, type InferSelectModel, type SQL, type Table } from 'drizzle-orm';

/** Every column of `table`, read from `alias`, named `prefix.key`. */
export function columnsAs(table: Table, alias: string, prefix: string): SQL {
  return sql.join(
    Object.entries(getTableColumns(table)).map(([key, column]) =>
      sql`${sql.identifier(alias)}.${sql.identifier(column.name)} AS ${sql.identifier(`${prefix}.${key}`)}`),
    sql`, `,
  );
}

/** The row of `table` that columnsAs put under `prefix`; null when the statement found none (its id is null). */
export function rowAs<T extends Table>(table: T, prefix: string, raw: Record<string, unknown>): InferSelectModel<T> | null {
  if (raw[`${prefix}.id`] === null || raw[`${prefix}.id`] === undefined) return null;
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[`${prefix}.${key}`];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}
