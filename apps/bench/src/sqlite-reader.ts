import { type Client, createClient } from "@libsql/client";

/** Read access to a server's SQLite file. Both servers use WAL, so reads never block writes. */
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
