import { describe, expect, it } from 'vitest';
import { labelOf } from './engine-terms.js';

describe('labelOf', () => {
  const dialects = [
    { name: 'postgres', label: 'PostgreSQL', defaultPort: 5432 },
    { name: 'mysql', label: 'MySQL / MariaDB', defaultPort: 3306 },
  ] as const;

  it('takes the label the engine gives', () => {
    expect(labelOf([...dialects], 'mysql')).toBe('MySQL / MariaDB');
  });

  it('falls back to the name while the list loads', () => {
    expect(labelOf(undefined, 'postgres')).toBe('postgres');
  });
});
