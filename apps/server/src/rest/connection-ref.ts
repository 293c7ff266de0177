import type { ApiDeps } from '@pipecraft/api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Stands for "no connection has that name": the procedure answers NOT_FOUND for it, as for an unknown id. */
const NO_SUCH_CONNECTION = '00000000-0000-0000-0000-000000000000';

/**
 * `/connections/{ref}/…` takes a connection's id or its name (as the seed's REST API did): a name
 * becomes the id before the procedure sees it. Names are unique regardless of case; an exact
 * match wins. Called only for an authenticated caller, and the procedure still checks its role.
 */
export async function resolveConnectionRef(
  api: ApiDeps,
  routePath: string,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  const param = /^\/connections\/\{(\w+)\}/.exec(routePath)?.[1];
  const ref = param ? params[param] : undefined;
  if (param === undefined || ref === undefined || UUID.test(ref)) return params;
  const connections = await api.services.connections.list();
  const found =
    connections.find((connection) => connection.name === ref) ??
    connections.find((connection) => connection.name.toLowerCase() === ref.toLowerCase());
  return { ...params, [param]: found?.id ?? NO_SUCH_CONNECTION };
}
