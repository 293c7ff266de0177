import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from './connection-url.js';

describe('parseConnectionUrl', () => {
  it.each([
    [
      'postgresql://app:s3cr%40t@db.example.com:6543/warehouse?sslmode=verify-full',
      {
        dialect: 'postgres',
        host: 'db.example.com',
        port: '6543',
        database: 'warehouse',
        username: 'app',
        password: 's3cr@t',
        tlsMode: 'verify-full',
      },
    ],
    ['postgres://localhost/app', { dialect: 'postgres', host: 'localhost', database: 'app' }],
    [
      'mysql://root@127.0.0.1:3307/shop?ssl-mode=REQUIRED',
      { dialect: 'mysql', host: '127.0.0.1', port: '3307', database: 'shop', username: 'root', tlsMode: 'require' },
    ],
    [
      'mariadb://u:p@[::1]:3306/d?ssl-mode=VERIFY_IDENTITY',
      {
        dialect: 'mysql',
        host: '::1',
        port: '3306',
        database: 'd',
        username: 'u',
        password: 'p',
        tlsMode: 'verify-full',
      },
    ],
    [
      '  postgresql://h:5432/my%20db?sslmode=prefer ',
      { dialect: 'postgres', host: 'h', port: '5432', database: 'my db', tlsMode: 'require' },
    ],
  ])('%s', (text, expected) => {
    expect(parseConnectionUrl(text)).toEqual(expected);
  });

  it.each(['', 'db.example.com', 'https://example.com', 'oracle://x/y', 'postgresql://'])('ignores %j', (text) => {
    expect(parseConnectionUrl(text)).toBeNull();
  });
});
