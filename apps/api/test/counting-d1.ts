/**
 * Wraps a D1 binding and counts its round trips: each `batch()`, `exec()` and each statement
 * run on its own (`all`, `first`, `run`, `raw`) is one trip to the database.
 */
export function countingD1(database: D1Database): { database: D1Database; roundTrips: () => number } {
  let trips = 0;
  const unwrapped = new WeakMap<object, D1PreparedStatement>();

  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const counted = <T>(run: () => Promise<T>) => {
      trips += 1;
      return run();
    };
    const wrapper = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: (column?: string) => counted(() => (column === undefined ? statement.first() : statement.first(column))),
      run: () => counted(() => statement.run()),
      all: () => counted(() => statement.all()),
      raw: (options?: { columnNames?: boolean }) => counted(() => statement.raw(options as { columnNames: true })),
    };
    unwrapped.set(wrapper, statement);
    return wrapper as unknown as D1PreparedStatement;
  };

  const wrapper = {
    prepare: (query: string) => wrap(database.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => {
      trips += 1;
      return database.batch(statements.map((statement) => unwrapped.get(statement) ?? statement));
    },
    exec: (query: string) => {
      trips += 1;
      return database.exec(query);
    },
    dump: () => database.dump(),
    withSession: () => {
      throw new Error("sessions are not counted");
    },
  };
  return { database: wrapper as unknown as D1Database, roundTrips: () => trips };
}
