import { type Client, createClient } from "@libsql/client";

/** Opens read access to a server's SQLite file. Both servers keep it in WAL mode, where readers do not block the writer. */
export function sqliteReader(path: string): { query<T>(sql: string, ...params: unknown[]): Promise<T[]>; close(): void } {
  const client: Client = createClient({ url: `file:${path}` });
  return {
    async query<T>(sql: string, ...params: unknown[]) {
      const result = await client.execute({ sql, args: params as never[] });
      return result.rows as unknown as T[];
    },
    close: () => client.close(),
  };
}
