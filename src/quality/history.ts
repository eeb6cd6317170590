/**
 * Metric history for change-over-time checks (`change for row_count < 50`). Soda keeps it in
 * Soda Cloud; Kite keeps it locally. A scan reads the history before it records its own values.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KiteError, messageOf } from '../core/index.js';
import type { KvStore } from '../store/index.js';

/** One stored measurement. */
export interface Measurement {
  value: number;
  /** ISO time of the scan that measured it. */
  time: string;
}

/** A dataset's columns as one scan measured them (for `when schema changes`). */
export interface SchemaMeasurement {
  columns: { name: string; type: string }[];
  time: string;
}

/** Where past metric values live. Implement it over any store (e.g. the Kite metadata store). */
export interface MetricHistory {
  /** Past measurements of a metric identity, most recent first. */
  measurements(identity: string): Promise<Measurement[]>;
  /** Records this scan's values. */
  record(values: readonly { identity: string; value: number }[], time: string): Promise<void>;
  /** The schema recorded by the previous scan of a dataset, if any. */
  lastSchema(identity: string): Promise<SchemaMeasurement | undefined>;
  /** Records the schema this scan measured. */
  recordSchema(identity: string, schema: SchemaMeasurement): Promise<void>;
}

/** History kept in memory (tests, single process). */
export class MemoryHistory implements MetricHistory {
  protected readonly data = new Map<string, Measurement[]>();
  protected readonly schemas = new Map<string, SchemaMeasurement>();

  constructor(initial: Record<string, Measurement[]> = {}) {
    for (const [k, v] of Object.entries(initial)) this.data.set(k, [...v]);
  }

  async measurements(identity: string): Promise<Measurement[]> {
    return [...(this.data.get(identity) ?? [])];
  }

  async record(values: readonly { identity: string; value: number }[], time: string): Promise<void> {
    for (const { identity, value } of values) {
      this.data.set(identity, [{ value, time }, ...(this.data.get(identity) ?? [])]);
    }
  }

  async lastSchema(identity: string): Promise<SchemaMeasurement | undefined> {
    return this.schemas.get(identity);
  }

  async recordSchema(identity: string, schema: SchemaMeasurement): Promise<void> {
    this.schemas.set(identity, schema);
  }
}

/** History in a JSON file (default for the CLI: `.kite/quality-history.json`). */
export class JsonFileHistory extends MemoryHistory {
  private constructor(
    private readonly path: string,
    initial: Record<string, Measurement[]>,
  ) {
    super(initial);
  }

  /** Loads `path` (a missing file is an empty history). */
  static load(path: string): JsonFileHistory {
    let initial: { metrics?: Record<string, Measurement[]>; schemas?: Record<string, SchemaMeasurement> } =
      {};
    try {
      initial = JSON.parse(readFileSync(path, 'utf8')) as typeof initial;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new KiteError('IO', `cannot read metric history ${path}: ${messageOf(error)}`, {
          cause: error,
        });
      }
    }
    const history = new JsonFileHistory(path, initial.metrics ?? {});
    for (const [k, v] of Object.entries(initial.schemas ?? {})) history.schemas.set(k, v);
    return history;
  }

  override async record(values: readonly { identity: string; value: number }[], time: string): Promise<void> {
    await super.record(values, time);
    this.save();
  }

  override async recordSchema(identity: string, schema: SchemaMeasurement): Promise<void> {
    await super.recordSchema(identity, schema);
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const doc = { metrics: Object.fromEntries(this.data), schemas: Object.fromEntries(this.schemas) };
    writeFileSync(this.path, `${JSON.stringify(doc, null, 1)}\n`);
  }
}

/** How many measurements per metric {@link KvHistory} keeps. */
const KEEP = 400;

/**
 * History in Kite's metadata store (`kv` namespace `quality.metrics`, one document per metric
 * identity) — what `kite check` uses, so that change-over-time works without a cloud service.
 *
 * @example
 * ```ts
 * const store = openStore('.kite');
 * const result = await scan(text, { dataSource, history: new KvHistory(store.meta) });
 * ```
 */
export class KvHistory implements MetricHistory {
  constructor(
    private readonly kv: KvStore,
    private readonly namespace = 'quality.metrics',
    private readonly schemaNamespace = 'quality.schemas',
  ) {}

  async lastSchema(identity: string): Promise<SchemaMeasurement | undefined> {
    return this.kv.kvGet<SchemaMeasurement>(this.schemaNamespace, identity)?.value;
  }

  async recordSchema(identity: string, schema: SchemaMeasurement): Promise<void> {
    this.kv.kvPut(this.schemaNamespace, identity, schema);
  }

  async measurements(identity: string): Promise<Measurement[]> {
    return [...(this.kv.kvGet<Measurement[]>(this.namespace, identity)?.value ?? [])];
  }

  async record(values: readonly { identity: string; value: number }[], time: string): Promise<void> {
    for (const { identity, value } of values) {
      const past = this.kv.kvGet<Measurement[]>(this.namespace, identity)?.value ?? [];
      this.kv.kvPut(this.namespace, identity, [{ value, time }, ...past].slice(0, KEEP));
    }
  }
}
