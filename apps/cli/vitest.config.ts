import { integrationTestConfig } from '../../vitest.shared.js';

// Each test spawns the CLI and a server; runs take seconds.
export default integrationTestConfig(120_000);
