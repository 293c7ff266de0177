import type { ConnectionConfig } from './contract.js';
import type { DialectSession } from './dialect.js';
import { getDialect } from './dialects/index.js';

/**
 * Open a session, hand it to `work`, always close it. On failure the socket is destroyed rather
 * than closed politely, so a half-read stream or an open COPY cannot keep us waiting.
 */
export async function withSession<T>(
  config: ConnectionConfig,
  work: (session: DialectSession) => Promise<T>,
): Promise<T> {
  const session = await getDialect(config.dialect).connect(config);
  try {
    const result = await work(session);
    await session.close();
    return result;
  } catch (error) {
    session.destroy();
    throw error;
  }
}
