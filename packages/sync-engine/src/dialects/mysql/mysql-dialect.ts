import type { Dialect } from '../../dialect.js';
import { mysqlMergeSql } from './mysql-merge-sql.js';
import { withDefaults } from '../capability-defaults.js';
import { classifyMysqlError, connectMysql } from './mysql-driver.js';
import { mysqlDdl, qualifyMysql, quoteMysqlIdentifier } from './mysql-ddl.js';
import { mysqlTypeMapper, mysqlValueLimits } from './mysql-type-mapper.js';

/** MySQL 8 and MariaDB 10.6+ (tested on MariaDB 10.11). Capabilities list only what differs from the defaults. */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  label: 'MySQL / MariaDB',
  defaultPort: 3306,
  capabilities: withDefaults({
    bulkLoad: 'load-data',
    maxIdentifierLength: 64,
    identifierLengthUnit: 'characters',
    caseInsensitiveColumnNames: true,
    identifierTrailingSpace: false,
    identifierAstralCharacters: false,
    schemaModel: 'databases',
    valueLimits: mysqlValueLimits,
  }),
  quoteIdentifier: quoteMysqlIdentifier,
  // MySQL refuses names over 64 characters rather than truncating them.
  storedIdentifier: (name) => name,
  qualify: qualifyMysql,
  typeMapper: mysqlTypeMapper,
  ddl: mysqlDdl,
  merge: mysqlMergeSql,
  connect(config) {
    return connectMysql(mysqlDialect, config);
  },
  classifyError: classifyMysqlError,
};
