import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../src/env.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    expect(parseEnv({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      PIPECRAFT_DATA_DIR: path.join(REPO_ROOT, 'data'),
      PIPECRAFT_STORE_URL: '',
      PIPECRAFT_CORS_ORIGIN: [],
      PIPECRAFT_MAX_RUNS: 4,
      PIPECRAFT_MAX_RUNS_PER_CONNECTION: 2,
      PIPECRAFT_LOCK_WAIT_MS: 300_000,
      PIPECRAFT_CONNECTION_HOSTS: [],
      PIPECRAFT_ALLOW_UNIX_SOCKETS: false,
      PIPECRAFT_CONNECTION_TEST_RATE: 30,
      PIPECRAFT_MAX_BATCH: 20,
      PIPECRAFT_TRUST_PROXY: false,
      PIPECRAFT_RUN_MODE: 'embedded',
      PIPECRAFT_QUEUE_NAME: 'pipecraft-runs',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    });
  });

  it('reads the hardening options', () => {
    const env = parseEnv({
      PIPECRAFT_PUBLIC_URL: 'https://pipecraft.example.com',
      PIPECRAFT_CONNECTION_HOSTS: '*.db.internal, 10.0.0.*',
      PIPECRAFT_ALLOW_UNIX_SOCKETS: 'true',
      PIPECRAFT_SECRET_KEY: `${Buffer.alloc(32, 1).toString('base64')},${Buffer.alloc(32, 2).toString('base64')}`,
    });
    expect(env).toMatchObject({
      PIPECRAFT_PUBLIC_URL: 'https://pipecraft.example.com',
      PIPECRAFT_CONNECTION_HOSTS: ['*.db.internal', '10.0.0.*'],
      PIPECRAFT_ALLOW_UNIX_SOCKETS: true,
    });
    expect(() => parseEnv({ PIPECRAFT_PUBLIC_URL: 'ftp://x' })).toThrow(/PIPECRAFT_PUBLIC_URL/);
  });

  it('reads every key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const env = parseEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      PIPECRAFT_DATA_DIR: 'relative/dir',
      PIPECRAFT_STORE_URL: 'postgresql://pc:pw@db/pipecraft',
      PIPECRAFT_SECRET_KEY: key,
      PIPECRAFT_CORS_ORIGIN: 'http://localhost:5173, https://pc.example.com',
      PIPECRAFT_TRUST_PROXY: 'loopback',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: '0.0.0.0',
      PIPECRAFT_DATA_DIR: path.resolve('relative/dir'),
      PIPECRAFT_SECRET_KEY: key,
      PIPECRAFT_CORS_ORIGIN: ['http://localhost:5173', 'https://pc.example.com'],
      PIPECRAFT_TRUST_PROXY: 'loopback',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    });
  });

  it('reads distributed mode, and refuses it without a queue or with a SQLite store', () => {
    expect(
      parseEnv({
        PIPECRAFT_RUN_MODE: 'distributed',
        PIPECRAFT_QUEUE_URL: 'redis://queue.internal:6379/2',
        PIPECRAFT_QUEUE_NAME: 'nightly',
        PIPECRAFT_STORE_URL: 'postgresql://pc@db/pipecraft',
      }),
    ).toMatchObject({
      PIPECRAFT_RUN_MODE: 'distributed',
      PIPECRAFT_QUEUE_URL: 'redis://queue.internal:6379/2',
      PIPECRAFT_QUEUE_NAME: 'nightly',
    });
    expect(() => parseEnv({ PIPECRAFT_RUN_MODE: 'distributed' })).toThrow(
      /PIPECRAFT_QUEUE_URL is required when PIPECRAFT_RUN_MODE=distributed; PIPECRAFT_STORE_URL must name a PostgreSQL or MySQL store/,
    );
    expect(() => parseEnv({ PIPECRAFT_RUN_MODE: 'cluster', PIPECRAFT_QUEUE_URL: 'http://x' })).toThrow(
      /PIPECRAFT_RUN_MODE .*; PIPECRAFT_QUEUE_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it('fails fast naming every bad key, without echoing values', () => {
    let error: unknown;
    try {
      parseEnv({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        PIPECRAFT_SECRET_KEY: 'c2hvcnQta2V5',
        PIPECRAFT_STORE_URL: 'mongodb://u:hunter2@h/db',
        PIPECRAFT_CORS_ORIGIN: 'not a url',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const envError = error as EnvError;
    expect(envError.keys.sort()).toEqual([
      'LOG_LEVEL',
      'PIPECRAFT_CORS_ORIGIN',
      'PIPECRAFT_SECRET_KEY',
      'PIPECRAFT_STORE_URL',
      'PORT',
    ]);
    expect(envError.message).toMatch(/^Invalid environment: /);
    expect(envError.message).not.toContain('hunter2');
    expect(envError.message).not.toContain('c2hvcnQta2V5');
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
  });
});
