import { integrationTestConfig } from '../../vitest.shared.js';

// Bulk loads of Sakila and the fault tests' child processes need longer than the default.
export default integrationTestConfig(120_000);
