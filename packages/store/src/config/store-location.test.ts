import { describe, expect, it } from 'vitest';
import { describeStoreLocation, resolveStoreLocation } from './store-location.js';

describe('resolveStoreLocation', () => {
  it.each([
    ['', 'sqlite'],
    ['   ', 'sqlite'],
    ['postgresql://u:p@h:5432/db', 'postgresql'],
    ['postgres://u@h/db', 'postgresql'],
    ['mysql://u:p@h:3306/db', 'mysql'],
    ['mariadb://u:p@h:3306/db', 'mysql'],
  ])('%j → %s', (url, dialect) => {
    expect(resolveStoreLocation('/data', url).dialect).toBe(dialect);
  });

  it('puts SQLite inside the data directory', () => {
    expect(resolveStoreLocation('/srv/pc', null)).toEqual({ dialect: 'sqlite', file: '/srv/pc/pipecraft.sqlite' });
  });

  it('refuses other schemes without echoing the URL', () => {
    expect(() => resolveStoreLocation('/d', 'mongodb://u:hunter2@h/db')).toThrow(/mongodb:\/\//);
    expect(() => resolveStoreLocation('/d', 'mongodb://u:hunter2@h/db')).not.toThrow(/hunter2/);
  });

  it('describes a server location without its password', () => {
    const text = describeStoreLocation(resolveStoreLocation('/d', 'postgresql://pc:hunter2@db.local:5433/meta'));
    expect(text).toBe('postgresql://db.local:5433/meta');
  });
});
