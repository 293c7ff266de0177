import type { ColumnDto, TableDto } from '../schemas/discovery.js';
import type { ConnectionService } from './connection-service.js';
import type { SyncEnginePort } from './engine-port.js';

/** Browses a connection's schemas, tables and columns (the engine does the talking). */
export class DiscoveryService {
  readonly #connections: ConnectionService;
  readonly #engine: SyncEnginePort;

  constructor(deps: { connections: ConnectionService; engine: SyncEnginePort }) {
    this.#connections = deps.connections;
    this.#engine = deps.engine;
  }

  /** PostgreSQL: schemas without the system ones; MySQL: the connection's database, or all with `listAllSchemas`. */
  async schemas(connectionId: string): Promise<string[]> {
    const connection = await this.#connections.load(connectionId);
    return this.#engine.listSchemas(this.#connections.engineConfigOf(connection), { all: connection.listAllSchemas });
  }

  async tables(connectionId: string, schema: string): Promise<TableDto[]> {
    return this.#engine.listTables(await this.#connections.engineConfig(connectionId), schema);
  }

  async columns(connectionId: string, schema: string, table: string): Promise<ColumnDto[]> {
    return this.#engine.listColumns(await this.#connections.engineConfig(connectionId), { schema, table });
  }
}
