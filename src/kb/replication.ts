// The knowledge base's one hook for running as several replicas (src/replicas implements it over
// Postgres). The knowledge base stays the only thing that builds, saves and loads an index; the
// replication decides who builds, shares the saved index folder as opaque files, and hands other
// replicas' folders back to be loaded through the start-up path (serveSaved).
import type { ReplicasStatus } from '../types';

/** What a replication sees of the knowledge base it serves. */
export interface ReplicaTarget {
  readonly dataDir: string;
  /** Whether an index is serving (a replica with none must build rather than wait). */
  readonly serving: boolean;
  /** Loads `dir`/index as a saved index at start-up and swaps it in; throws (the old one keeps serving) when it cannot. */
  serveSaved(dir: string): Promise<void>;
}

export interface IndexReplication {
  /** Called once by the knowledge base it serves, before any other call. */
  attach(kb: ReplicaTarget): void;
  /**
   * Runs `build` while no other replica builds, after serving the newest shared snapshot. At
   * start-up, a replica that found another one building waits for its snapshot instead and
   * returns undefined without building (when it then has an index to serve).
   */
  whileBuilding<T>(build: () => Promise<T>, o: { startup: boolean }): Promise<T | undefined>;
  /** The index folder a build just saved: shares it as the newest version (throws when it cannot). */
  publish(indexDir: string): Promise<void>;
  /**
   * The replicas table as last read (refreshed with each heartbeat and each swap), for the
   * synchronous core status; undefined until first read.
   */
  status(): ReplicasStatus | undefined;
  /** Stops listening and leaves the replicas table. */
  close(): Promise<void>;
}
