// One SQLite file holds every store's table; stores either get the shared handle (and leave
// closing to its owner) or open their own file (and close it themselves).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(file: string, busyTimeoutMs = 5000): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: adapters write votes and dedupe keys while the next question is read, without blocking.
  db.pragma('journal_mode = WAL');
  // Two processes on one data dir (e.g. `npm start` and a CLI) wait briefly instead of failing.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('foreign_keys = ON');
  return db;
}

/** A store's handle: `owned` when the store opened it and must close it. */
export function useDatabase(dbOrFile: Db | string): { db: Db; owned: boolean } {
  return typeof dbOrFile === 'string' ? { db: openDatabase(dbOrFile), owned: true } : { db: dbOrFile, owned: false };
}

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
