import type { Dialect } from '../../dialect.js';
import { postgresMergeSql } from './postgres-merge-sql.js';
import { withDefaults } from '../capability-defaults.js';
import { classifyPostgresError, connectPostgres } from './postgres-driver.js';
import { postgresDdl, qualifyPostgres, quotePostgresIdentifier, truncatePostgresIdentifier } from './postgres-ddl.js';
import { postgresTypeMapper, postgresValueLimits } from './postgres-type-mapper.js';

/** PostgreSQL 12+ (tested on 15). Capabilities list only what differs from the defaults. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  label: 'PostgreSQL',
  defaultPort: 5432,
  capabilities: withDefaults({
    transactionalDdl: true,
    bulkLoad: 'copy',
    valueLimits: postgresValueLimits,
  }),
  quoteIdentifier: quotePostgresIdentifier,
  storedIdentifier: truncatePostgresIdentifier,
  qualify: qualifyPostgres,
  typeMapper: postgresTypeMapper,
  ddl: postgresDdl,
  merge: postgresMergeSql,
  connect(config) {
    return connectPostgres(postgresDialect, config);
  },
  classifyError: classifyPostgresError,
};
