import type { ConnectionConfig, ConnectionTestResult } from './contract.js';
import { withSession } from './session-scope.js';

/** Connect, ask the server's version, disconnect. Bounded by `connectTimeoutMs`; throws a classified EngineError. */
export async function testConnection(config: ConnectionConfig): Promise<ConnectionTestResult> {
  const started = performance.now();
  const serverVersion = await withSession(config, (session) => session.serverVersion());
  return { serverVersion, latencyMs: Math.round(performance.now() - started) };
}
