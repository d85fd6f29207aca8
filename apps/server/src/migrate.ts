import { jsonLogger } from "@herald/api";
import { migrateLibsql, openLibsqlDatabase } from "@herald/db/libsql";
import { readConfig } from "./config.ts";
import { ensureDatabaseFolder } from "./server.ts";

// Applies the migrations to DATABASE_URL and exits: a Turso database that a Worker uses, or
// the Node server's database before a deploy. The Node server also migrates when it starts.
const log = jsonLogger();
try {
  const config = readConfig(process.env);
  ensureDatabaseFolder(config.databaseUrl);
  const { db, client } = await openLibsqlDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateLibsql(db);
  client.close();
  log.info("database migrated", { database: config.databaseUrl.split("?")[0] });
} catch (error) {
  log.error("migration failed", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
