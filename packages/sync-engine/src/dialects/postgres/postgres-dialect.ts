import type { Dialect } from '../../dialect.js';
import { classifyPostgresError, connectPostgres } from './postgres-driver.js';
import { postgresDdl, qualifyPostgres, quotePostgresIdentifier } from './postgres-ddl.js';
import { postgresTypeMapper } from './postgres-type-mapper.js';

/** PostgreSQL 12+ (tested on 15). */
export const postgresDialect: Dialect = {
  name: 'postgres',
  capabilities: {
    transactionalDdl: true,
    bulkLoad: 'copy',
    maxIdentifierLength: 63,
    schemaModel: 'schemas',
    valueLimits: {
      textAllowsNul: false,
      infiniteAndBcDates: true,
      maxYear: 294_276,
      floatSpecials: true,
      decimalSpecials: true,
      zeroDates: false,
      timeBeyondDay: false,
    },
  },
  quoteIdentifier: quotePostgresIdentifier,
  qualify: qualifyPostgres,
  typeMapper: postgresTypeMapper,
  ddl: postgresDdl,
  connect(config) {
    return connectPostgres(postgresDialect, config);
  },
  classifyError: classifyPostgresError,
};
