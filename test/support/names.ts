// Database names the test run creates beside the one DATABASE_URL names.
export const templateName = () => `prosa_tpl_${process.pid}`;

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
