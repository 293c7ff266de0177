import type { Dialect } from '../../dialect.js';
import { classifyMysqlError, connectMysql } from './mysql-driver.js';
import { mysqlDdl, qualifyMysql, quoteMysqlIdentifier } from './mysql-ddl.js';
import { mysqlTypeMapper } from './mysql-type-mapper.js';

/** MySQL 8 and MariaDB 10.6+ (tested on MariaDB 10.11). */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  capabilities: {
    transactionalDdl: false,
    bulkLoad: 'load-data',
    maxIdentifierLength: 64,
    schemaModel: 'databases',
    valueLimits: {
      textAllowsNul: true,
      infiniteAndBcDates: false,
      maxYear: 9999,
      floatSpecials: false,
      decimalSpecials: false,
      zeroDates: true,
      timeBeyondDay: true,
    },
  },
  quoteIdentifier: quoteMysqlIdentifier,
  qualify: qualifyMysql,
  typeMapper: mysqlTypeMapper,
  ddl: mysqlDdl,
  connect(config) {
    return connectMysql(mysqlDialect, config);
  },
  classifyError: classifyMysqlError,
};
